/* Dialoogtafel phone page: a poll (a choice or a scale) inside the questions list. A tap sends the response at
   once through the outbox (a newer one replaces an unsent older one); "Keuze wissen" takes it back. Results show
   only while the leader has revealed them (state.revealed). Texts go in through textContent only. */

import { el, setAttr, setText, show, uid } from './dom.js';
import { queue } from './outbox.js';
import { S } from './state.js';
import { uuid4 } from './store.js';
import { t } from './texts.js';

export function isPoll(q) {
  return !!q && (q.kind === 'choice' || q.kind === 'scale');
}

// The values a poll offers: [value, label] pairs (an option index, or a scale value).
function choices(q) {
  if (q.kind === 'choice') return (Array.isArray(q.options) ? q.options : []).map((o, i) => [i, String(o)]);
  const out = [];
  for (let v = q.min; v <= q.max; v++) out.push([v, String(v)]);
  return out;
}

// What this phone has chosen: the newest unsent response, else the confirmed one ({picks} or {value}).
export function chosen(qid) {
  for (let i = S.outbox.length - 1; i >= 0; i--) {
    const c = S.outbox[i];
    if (c.type === 'response' && c.question === qid) return { r: c, pending: true };
  }
  const r = S.responses.get(qid);
  return { r: r || null, pending: false };
}
function given(r) {
  return !!r && ((Array.isArray(r.picks) && r.picks.length > 0) || typeof r.value === 'number');
}
function failure(qid) {
  let found = null;
  S.failed.forEach((f) => {
    if (f.change.type === 'response' && f.change.question === qid) found = f.message;
  });
  return found;
}

function hint(q) {
  if (q.kind === 'scale') return t('pickScale', q.min, q.max);
  return q.max_picks > 1 ? t('pickUpTo', q.max_picks) : t('pickOne');
}

export function createPoll(q) {
  const art = el('article', { class: 'question poll', 'data-question': q.id, 'data-kind': q.kind });
  const hId = uid('qh');
  art.setAttribute('aria-labelledby', hId);
  const badges = el('p', { class: 'badges' });
  badges.appendChild(el('span', { class: 'badge badge-focus' }));
  badges.appendChild(el('span', { class: 'badge badge-closed' }));
  art.appendChild(badges);
  art.appendChild(el('h3', { id: hId, tabindex: '-1', dir: 'auto' }));
  art.appendChild(el('p', { class: 'help', dir: 'auto' }));
  const form = el('form', { class: 'poll-form', novalidate: '' });
  const set = el('fieldset', { 'aria-describedby': hId });
  set.appendChild(el('legend'));
  const multi = q.kind === 'choice' && q.max_picks > 1;
  const name = uid('poll');
  const opts = el('div', { class: q.kind === 'scale' ? 'poll-options scale' : 'poll-options' });
  choices(q).forEach(([value, label]) => {
    const id = uid('opt');
    const row = el('div', { class: 'poll-option' });
    row.appendChild(el('input', { type: multi ? 'checkbox' : 'radio', name: name, id: id, value: String(value) }));
    row.appendChild(el('label', { for: id, dir: 'auto' }, label));
    opts.appendChild(row);
  });
  set.appendChild(opts);
  if (q.kind === 'scale' && Array.isArray(q.labels) && q.labels.length === 2) {
    const ends = el('p', { class: 'scale-ends' });
    ends.appendChild(el('span', { dir: 'auto' }, q.min + ' = ' + q.labels[0]));
    ends.appendChild(el('span', { dir: 'auto' }, q.max + ' = ' + q.labels[1]));
    set.appendChild(ends);
  }
  form.appendChild(set);
  const row = el('div', { class: 'row' });
  row.appendChild(el('button', { type: 'button', class: 'secondary', 'data-action': 'poll-clear' }));
  row.appendChild(el('p', { class: 'poll-state' }));
  form.appendChild(row);
  art.appendChild(form);
  const res = el('section', { class: 'results', 'aria-label': '' });
  res.appendChild(el('h4'));
  res.appendChild(el('p', { class: 'results-total' }));
  res.appendChild(el('ul', { class: 'results-rows' }));
  art.appendChild(res);
  return art;
}

export function updatePoll(art, q, isOpen, isFocus, ended) {
  const c = art.children;
  setAttr(art, 'data-open', isOpen ? 'true' : 'false');
  const current = isFocus && isOpen && !ended;
  setText(c[0].children[0], current ? t('focusBadge') : '');
  show(c[0].children[0], current);
  setText(c[0].children[1], isOpen ? '' : t('closedBadge'));
  show(c[0].children[1], !isOpen);
  show(c[0], current || !isOpen);
  setText(c[1], q.text);
  setText(c[2], q.help || '');
  show(c[2], !!q.help);
  const form = c[3];
  const set = form.children[0];
  setText(set.children[0], hint(q));
  const { r, pending } = chosen(q.id);
  const picked = new Set(r ? (Array.isArray(r.picks) ? r.picks : [r.value]) : []);
  const locked = !isOpen || ended;
  set.disabled = locked;
  set.querySelectorAll('input').forEach((inp) => {
    inp.checked = picked.has(Number(inp.value));
  });
  const btn = form.children[1].children[0];
  setText(btn, t('pollClear'));
  show(btn, !locked && given(r));
  const err = failure(q.id);
  const state = form.children[1].children[1];
  setAttr(state, 'data-state', err ? 'failed' : pending ? 'pending' : given(r) ? 'saved' : null);
  setText(state, err ? t('notSaved', err) : pending ? t('pending') : given(r) ? t('pollSaved') : locked ? '' : t('pollNone'));
  renderResults(c[4], q);
}

function renderResults(box, q) {
  const st = S.session && S.session.state;
  const m = S.results.get(q.id);
  const on = !!(m && st && Array.isArray(st.revealed) && st.revealed.indexOf(q.id) >= 0);
  show(box, on);
  if (!on) return;
  setAttr(box, 'aria-label', t('results'));
  setText(box.children[0], t('results'));
  const total = m.total || {};
  const n = typeof total.responses === 'number' ? total.responses : 0;
  let line = t('responses', n);
  if (typeof total.mean === 'number') line += ' · ' + t('mean', total.mean.toLocaleString(S.session.language));
  setText(box.children[1], line);
  const ul = box.children[2];
  const rows = choices(q);
  while (ul.children.length > rows.length) ul.lastChild.remove();
  rows.forEach(([value, label], i) => {
    let li = ul.children[i];
    if (!li) {
      li = el('li', { class: 'result-row' });
      li.appendChild(el('span', { class: 'result-label', dir: 'auto' }));
      li.appendChild(el('span', { class: 'result-count' }));
      const bar = el('span', { class: 'result-bar', 'aria-hidden': 'true' });
      bar.appendChild(el('span'));
      li.appendChild(bar);
      ul.appendChild(li);
    }
    const count = total.counts && typeof total.counts[String(value)] === 'number' ? total.counts[String(value)] : 0;
    const pct = n ? Math.round((100 * count) / n) : 0;
    setText(li.children[0], label);
    setText(li.children[1], count + ' (' + pct + '%)');
    li.children[2].children[0].style.width = Math.min(100, pct) + '%';
  });
}

function send(qid, body) {
  queue(Object.assign({ type: 'response', id: uuid4(), question: qid }, body));
}

export const pollActions = {
  'poll-clear'(b) {
    const art = b.closest('[data-question]');
    const qid = art.getAttribute('data-question');
    send(qid, art.getAttribute('data-kind') === 'scale' ? { value: null } : { picks: [] });
  },
};

// A tap on an option: the whole choice goes at once (check boxes: at most max_picks).
export function pollInput(inp) {
  const form = inp.closest('.poll-form');
  if (!form || inp.tagName !== 'INPUT') return false;
  const art = form.closest('[data-question]');
  const qid = art.getAttribute('data-question');
  const checked = Array.from(form.querySelectorAll('input:checked')).map((x) => Number(x.value));
  if (art.getAttribute('data-kind') === 'scale') {
    send(qid, { value: checked.length ? checked[0] : null });
    return true;
  }
  const q = S.session.questions.find((x) => x.id === qid);
  const most = q && q.max_picks > 1 ? q.max_picks : 1;
  if (checked.length > most) {
    inp.checked = false;
    return true; // the legend says how many; the render keeps what was chosen
  }
  send(qid, { picks: checked.sort((a, b) => a - b) });
  return true;
}
