/* Dialoogtafel phone page, view: one answer in a question's list, and what can be done to one's own answer:
   edit (the form exists only while editing), withdraw with a confirm step, dismiss a failure note. */

import { cssEscape, el, rescueFocus, setAttr, setText, show, uid } from './dom.js';
import { MAX_CHARS, queue, sendable } from './outbox.js';
import { afterRender, render } from './render.js';
import { S } from './state.js';
import { uuid4 } from './store.js';
import { t } from './texts.js';

export function createAnswer() {
  const li = el('li', { class: 'answer', tabindex: '-1' });
  const parts = { text: el('p', { class: 'answer-text', dir: 'auto' }), meta: el('p', { class: 'meta' }) };
  parts.mine = parts.meta.appendChild(el('span', { class: 'badge badge-mine' }));
  parts.high = parts.meta.appendChild(el('span', { class: 'badge badge-highlight' }));
  parts.status = parts.meta.appendChild(el('span', { class: 'answer-status' }));
  li.appendChild(parts.text);
  li.appendChild(parts.meta);
  li.parts = parts;
  return li;
}

// Edit, withdraw and the failure note exist only on one's own answers.
function ownControls(li) {
  const p = li.parts;
  if (p.actions) return p;
  p.error = li.appendChild(el('div', { class: 'answer-error' }));
  p.errorText = p.error.appendChild(el('p', { class: 'error' }));
  p.dismiss = p.error.appendChild(el('button', { type: 'button', class: 'link', 'data-action': 'dismiss' }));
  p.actions = li.appendChild(el('div', { class: 'row answer-actions' }));
  p.edit = p.actions.appendChild(el('button', { type: 'button', class: 'secondary', 'data-action': 'edit' }));
  p.withdraw = p.actions.appendChild(el('button', { type: 'button', class: 'secondary', 'data-action': 'withdraw' }));
  p.confirm = li.appendChild(el('div', { class: 'confirm', role: 'group' }));
  p.confirmText = p.confirm.appendChild(el('p', { id: uid('cw') }));
  p.confirm.setAttribute('aria-labelledby', p.confirmText.id);
  const crow = p.confirm.appendChild(el('div', { class: 'row' }));
  p.yes = crow.appendChild(el('button', { type: 'button', class: 'danger', 'data-action': 'withdraw-yes' }));
  p.no = crow.appendChild(el('button', { type: 'button', class: 'secondary', 'data-action': 'withdraw-no' }));
  return p;
}

// The edit form exists only while editing, so a question holds one textarea otherwise.
function editForm(li, on) {
  const p = li.parts;
  if (!on) {
    if (p.form) {
      rescueFocus(p.form);
      p.form.remove();
      p.form = null;
    }
    return;
  }
  if (p.form) return;
  p.form = li.appendChild(el('form', { class: 'edit-form', novalidate: '' }));
  const eid = uid('ed');
  p.form.appendChild(el('label', { for: eid }, t('editLabel')));
  const ta = p.form.appendChild(el('textarea', { id: eid, name: 'text', rows: '3', maxlength: String(MAX_CHARS), dir: 'auto' }));
  ta.value = p.text.textContent;
  const erow = p.form.appendChild(el('div', { class: 'row' }));
  erow.appendChild(el('button', { type: 'submit', class: 'primary' }, t('save')));
  erow.appendChild(el('button', { type: 'button', class: 'secondary', 'data-action': 'edit-cancel' }, t('cancel')));
}

export function updateAnswer(li, a, isOpen, ended) {
  const p = li.parts;
  setAttr(li, 'data-answer-id', a.id);
  setAttr(li, 'data-mine', a.mine ? 'true' : null);
  setAttr(li, 'data-state', a.mine ? a.state : null);
  setAttr(li, 'data-pending', a.state === 'pending' ? a.pending : null);
  setAttr(li, 'data-highlighted', a.highlighted ? 'true' : null);
  setAttr(li, 'data-fail-id', a.failId || null);
  setText(p.text, a.text);
  setText(p.mine, a.mine ? t('mine') : '');
  show(p.mine, a.mine);
  setText(p.high, a.highlighted ? t('highlighted') : '');
  show(p.high, a.highlighted);
  let status = '';
  if (a.mine) {
    if (a.state === 'pending') status = t(a.pending === 'edit' ? 'pendingEdit' : a.pending === 'withdraw' ? 'pendingWithdraw' : 'pending');
    else if (a.state === 'failed') status = t(a.failedChange ? 'failedChange' : 'failed');
    else if (a.state === 'waiting') status = t('waitingLeader');
    else status = t('saved');
  }
  setText(p.status, status);
  show(p.status, !!status);
  show(p.meta, a.mine || a.highlighted);
  if (!a.mine) return;
  ownControls(li);
  show(p.error, !!a.error);
  setText(p.errorText, a.error || '');
  setText(p.dismiss, t('dismiss'));
  // edit and withdraw work on answers the server has; a brand-new one waits for its ack first
  const known = S.answers.has(a.id) && !ended && a.pending !== 'withdraw';
  const editing = known && isOpen && S.editing.has(a.id);
  const confirming = known && S.confirming === a.id;
  show(p.actions, known && !editing && !confirming);
  setText(p.edit, t('edit'));
  show(p.edit, isOpen); // the server takes edits only while the question is open
  setText(p.withdraw, t('withdraw'));
  show(p.confirm, confirming);
  setText(p.confirmText, t('confirmWithdraw'));
  setText(p.yes, t('yesWithdraw'));
  setText(p.no, t('noKeep'));
  editForm(li, editing);
  if (!editing) S.editing.delete(a.id);
}

function answerIdOf(n) {
  const li = n.closest('[data-answer-id]');
  return li ? li.getAttribute('data-answer-id') : null;
}
function focusIn(answerId, selector) {
  afterRender(() => {
    const li = document.querySelector('[data-answer-id="' + cssEscape(answerId) + '"]');
    const n = li && li.querySelector(selector);
    if (n) n.focus();
  });
}

function submitEdit(form) {
  const li = form.closest('[data-answer-id]');
  const id = li.getAttribute('data-answer-id');
  const ta = form.querySelector('textarea');
  const text = ta.value;
  const msg = { type: 'edit', id: uuid4(), answer: id, text: text };
  if (!sendable(msg, ta)) return;
  S.editing.delete(id);
  if (text !== li.querySelector('.answer-text').textContent) queue(msg);
  focusIn(id, '[data-action="edit"]');
  render();
}

// An action on an answer: runs only inside an answer's item, with its id.
function onAnswer(fn) {
  return (b) => {
    const id = answerIdOf(b);
    return id ? fn(id, b) : false;
  };
}

export const view = {
  actions: {
    edit: onAnswer((id) => {
      S.editing.add(id);
      S.confirming = null;
      focusIn(id, '.edit-form textarea');
    }),
    'edit-cancel': onAnswer((id) => {
      S.editing.delete(id);
      focusIn(id, '[data-action="edit"]');
    }),
    withdraw: onAnswer((id) => {
      S.confirming = id;
      S.editing.delete(id);
      focusIn(id, '[data-action="withdraw-no"]');
    }),
    'withdraw-no': onAnswer((id) => {
      S.confirming = null;
      focusIn(id, '[data-action="withdraw"]');
    }),
    'withdraw-yes': onAnswer((id) => {
      S.confirming = null;
      queue({ type: 'withdraw', id: uuid4(), answer: id });
      afterRender(() => {
        const li = document.querySelector('[data-answer-id="' + cssEscape(id) + '"]');
        if (li) li.focus();
      });
    }),
    dismiss(b) {
      const li = b.closest('[data-answer-id]');
      const failId = li && li.getAttribute('data-fail-id');
      if (failId) S.failed.delete(failId);
      const art = b.closest('article');
      afterRender(() => {
        const h = art && art.isConnected && art.querySelector('h3');
        if (h) h.focus();
      });
    },
  },
  submit(form, ev) {
    if (!form.classList.contains('edit-form')) return false;
    ev.preventDefault();
    submitEdit(form);
    return true;
  },
};
