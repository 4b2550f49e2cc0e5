/* Dialoogtafel phone page, view: the table's questions (#questions), open ones first, each with its answer form
   and its list of answers (answers.js draws the items). Typed text is kept as a draft per question. */

import { createAnswer, updateAnswer } from './answers.js';
import { $, el, setAttr, setText, show, syncList, uid } from './dom.js';
import { MAX_CHARS, queue, sendable } from './outbox.js';
import { createPoll, isPoll, pollActions, pollInput, updatePoll } from './poll.js';
import { render } from './render.js';
import { answersFor, isEnded, openIds, pendingOverlay, questionsForTable, S, saveDrafts, seated } from './state.js';
import { uuid4 } from './store.js';
import { t } from './texts.js';

const questionEls = new Map();
const answerMaps = new Map(); // question id -> Map(answer id -> li)
function renderQuestions(ended) {
  const box = $('questions');
  const on = !!S.session && seated() && !S.choosing;
  show(box, on);
  if (!on) return;
  const open = openIds();
  const focus = S.session.state ? S.session.state.focus : null;
  const all = questionsForTable();
  const o = pendingOverlay();
  const openQs = all.filter((q) => open.has(q.id));
  openQs.sort((a, b) => (b.id === focus) - (a.id === focus));
  const lists = new Map();
  all.forEach((q) => lists.set(q.id, answersFor(q.id, o)));
  const closedQs = all.filter((q) => !open.has(q.id) && (isPoll(q) || lists.get(q.id).length));
  const items = [{ kind: 'h', key: 'h-open' }];
  if (!openQs.length) items.push({ kind: 'none', key: 'none' });
  openQs.forEach((q) => items.push({ kind: 'q', key: 'q:' + q.id, q: q }));
  if (closedQs.length) items.push({ kind: 'h', key: 'h-closed' });
  closedQs.forEach((q) => items.push({ kind: 'q', key: 'q:' + q.id, q: q }));
  syncList(box, questionEls, items, (it) => it.key,
    (it) => {
      if (it.kind === 'h') return el('h2', { class: 'questions-h', 'data-t': it.key === 'h-open' ? 'questions' : 'closedQuestions' }, t(it.key === 'h-open' ? 'questions' : 'closedQuestions'));
      if (it.kind === 'none') return el('p', { class: 'hint', id: 'no-open', 'data-t': 'noOpen' }, t('noOpen'));
      return isPoll(it.q) ? createPoll(it.q) : createQuestion(it.q);
    },
    (n, it) => {
      if (it.kind === 'q' && isPoll(it.q)) updatePoll(n, it.q, open.has(it.q.id), it.q.id === focus, ended);
      else if (it.kind === 'q') updateQuestion(n, it.q, open.has(it.q.id), it.q.id === focus, ended, lists.get(it.q.id));
    });
  answerMaps.forEach((m, qid) => {
    if (!questionEls.has('q:' + qid)) answerMaps.delete(qid);
  });
}

function createQuestion(q) {
  const art = el('article', { class: 'question', 'data-question': q.id });
  const hId = uid('qh');
  const helpId = uid('qhelp');
  const boxId = uid('qa');
  art.setAttribute('aria-labelledby', hId);
  const badges = el('p', { class: 'badges' });
  badges.appendChild(el('span', { class: 'badge badge-focus' }));
  badges.appendChild(el('span', { class: 'badge badge-closed' }));
  art.appendChild(badges);
  art.appendChild(el('h3', { id: hId, tabindex: '-1', dir: 'auto' }));
  art.appendChild(el('p', { class: 'help', id: helpId, dir: 'auto' }));
  const form = el('form', { class: 'answer-form', novalidate: '' });
  form.appendChild(el('label', { for: boxId }));
  const ta = el('textarea', { id: boxId, name: 'text', rows: '3', maxlength: String(MAX_CHARS), 'aria-describedby': hId + ' ' + helpId, dir: 'auto' });
  ta.value = S.drafts[q.id] || '';
  form.appendChild(ta);
  const row = el('div', { class: 'row' });
  row.appendChild(el('button', { type: 'submit', class: 'primary' }));
  form.appendChild(row);
  art.appendChild(form);
  art.appendChild(el('h4', { class: 'answers-h' }));
  art.appendChild(el('p', { class: 'hint answers-empty' }));
  art.appendChild(el('ul', { class: 'answers' }));
  answerMaps.set(q.id, new Map());
  return art;
}

function updateQuestion(art, q, isOpen, isFocus, ended, list) {
  const c = art.children;
  setAttr(art, 'data-open', isOpen ? 'true' : 'false');
  setAttr(art, 'data-focus', isFocus ? 'true' : null);
  const badges = c[0];
  const current = isFocus && isOpen && !ended; // once the session ended, nothing is current
  setText(badges.children[0], current ? t('focusBadge') : '');
  show(badges.children[0], current);
  setText(badges.children[1], isOpen ? '' : t('closedBadge'));
  show(badges.children[1], !isOpen);
  show(badges, current || !isOpen);
  setText(c[1], q.text);
  setText(c[2], q.help || '');
  show(c[2], !!q.help);
  const form = c[3];
  show(form, isOpen && !ended);
  setText(form.children[0], t('yourAnswer'));
  const ta = form.children[1];
  ta.disabled = ended;
  const btn = form.children[2].children[0];
  setText(btn, t('send'));
  btn.disabled = ended;
  setText(c[4], t('tableAnswers'));
  setText(c[5], t('noAnswers'));
  show(c[5], !list.length);
  syncList(c[6], answerMaps.get(q.id), list, (a) => a.id, createAnswer, (li, a) => updateAnswer(li, a, isOpen, ended));
}

function submitAnswer(form) {
  if (isEnded()) return;
  const art = form.closest('[data-question]');
  const qid = art.getAttribute('data-question');
  const ta = form.querySelector('textarea');
  const text = ta.value;
  const msg = { type: 'answer', id: uuid4(), question: qid, text: text };
  if (!sendable(msg, ta)) return;
  queue(msg);
  ta.value = '';
  delete S.drafts[qid];
  saveDrafts();
  render();
  ta.focus();
}

export const view = {
  render: renderQuestions,
  actions: pollActions,
  submit(form, ev) {
    if (!form.classList.contains('answer-form')) return false;
    ev.preventDefault();
    submitAnswer(form);
    return true;
  },
  input(ta) {
    if (pollInput(ta)) return;
    if (ta.tagName !== 'TEXTAREA' || !ta.closest('.answer-form')) return;
    const qid = ta.closest('[data-question]').getAttribute('data-question');
    S.drafts[qid] = ta.value;
    saveDrafts();
  },
};
