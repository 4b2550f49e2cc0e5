/* Dialoogtafel phone page: the participant's client of PROTOCOL.md v1 (no build step, no framework).
   Participant text only ever goes into the page through textContent. This module starts the page: it lists the
   views, hands each person's click, submit and typing to the view that owns it, and connects.

   A view is a module exporting `view`, an object with any of:
     render(ended)        draw its part of the page from S (state.js); called on every render, in VIEWS order
     actions: {name(b)}   clicks on [data-action="name"] (b: that element); render follows unless it returns false
     submit(form, ev)     a submitted form (or Ctrl/Cmd+Enter in its textarea): true when the form is its own
     input(field)         typing in a field
   To add one: write the module, import it here, put it in VIEWS, add its section to index.html and its
   texts to texts.js, and preload it in index.html. */

import { view as answers } from './answers.js';
import { connect, wake } from './connection.js';
import { view as host } from './host.js';
import { CODE_RE, showJoin, view as join } from './join.js';
import { onFrame } from './messages.js';
import { view as questions } from './questions.js';
import { render, setViews } from './render.js';
import { view as session } from './session.js';
import { loadOutbox, loadSnap, S } from './state.js';
import { cleanOld, store } from './store.js';
import { view as tables } from './tables.js';
import { t } from './texts.js';
import { view as timer } from './timer.js';
import { view as voting } from './voting.js';

// The session page's views, top to bottom (answers.js draws inside questions.js's lists).
const VIEWS = [session, timer, tables, host, voting, questions, answers];
const ALL = [join].concat(VIEWS);

const ACTIONS = {};
ALL.forEach((v) => {
  Object.keys(v.actions || {}).forEach((name) => {
    if (Object.prototype.hasOwnProperty.call(ACTIONS, name)) throw new Error('two views handle ' + name);
    ACTIONS[name] = v.actions[name];
  });
});

function onClick(ev) {
  const b = ev.target.closest('[data-action]');
  if (!b || b.disabled) return;
  const action = b.getAttribute('data-action');
  if (!Object.prototype.hasOwnProperty.call(ACTIONS, action)) return;
  if (ACTIONS[action](b) === false) return;
  render();
}

function submitTo(form, ev) {
  ALL.some((v) => v.submit && v.submit(form, ev));
}

function onSubmit(ev) {
  submitTo(ev.target, ev);
}

function onInput(ev) {
  ALL.forEach((v) => {
    if (v.input) v.input(ev.target);
  });
}

function onKeydown(ev) {
  // Ctrl/Cmd+Enter sends from a text field; plain Enter makes a new line
  if (ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey) || ev.target.tagName !== 'TEXTAREA') return;
  const form = ev.target.form;
  if (!form) return;
  ev.preventDefault();
  submitTo(form, ev);
}

function start() {
  setViews(join, VIEWS);
  document.addEventListener('click', onClick);
  document.addEventListener('submit', onSubmit);
  document.addEventListener('input', onInput);
  document.addEventListener('keydown', onKeydown);
  const m = /^\/s\/([A-Za-z0-9]{1,12})\/?$/.exec(location.pathname);
  const code = m ? m[1].toUpperCase() : null;
  if (!code) {
    showJoin(null, null);
    return;
  }
  if (!CODE_RE.test(code)) {
    showJoin(code, t('codeUnknown', code));
    return;
  }
  S.mode = 'session';
  S.code = code;
  cleanOld();
  const tq = /[?&]t=(\d{1,3})(?:&|$)/.exec(location.search);
  if (tq && Number(tq[1]) >= 1 && Number(tq[1]) <= 500) S.wantTable = Number(tq[1]);
  loadOutbox();
  const d = store.get('drafts.' + code);
  S.drafts = d && d.q && typeof d.q === 'object' ? d.q : {};
  loadSnap();
  window.addEventListener('online', wake);
  window.addEventListener('focus', wake);
  window.addEventListener('pageshow', wake);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') wake();
  });
  render();
  connect(onFrame);
}

start();
