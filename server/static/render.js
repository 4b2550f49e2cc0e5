/* Dialoogtafel phone page: rendering. render() draws the whole page from the state: the fixed texts, the status
   bar, then the code form or each session view in page order (app.js lists the views). */

import { $, setText, show } from './dom.js';
import { isEnded, S, saveSnap } from './state.js';
import { renderStatus } from './status.js';
import { lang, t } from './texts.js';

let joinView = null;
let sessionViews = [];
// The code form's view, and the views shown on a session page, top to bottom.
export function setViews(join, session) {
  joinView = join;
  sessionViews = session;
}

let renderQueued = false;
const afterQueue = [];
export function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(render, 16); // a burst of messages becomes one render
}
export function afterRender(fn) {
  afterQueue.push(fn);
}


export function render() {
  renderQueued = false;
  const active = document.activeElement;
  let sel = null;
  try {
    if (active && typeof active.selectionStart === 'number') sel = [active.selectionStart, active.selectionEnd];
  } catch (e) {
    sel = null;
  }
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((n) => setText(n, t(n.getAttribute('data-t'))));
  renderStatus();
  show($('join'), S.mode === 'join');
  show($('app'), S.mode === 'session');
  if (S.mode === 'join') {
    joinView.render();
  } else {
    const ended = isEnded();
    sessionViews.forEach((v) => {
      if (v.render) v.render(ended);
    });
  }
  saveSnap();
  if (active && active !== document.activeElement && active.isConnected && !active.disabled && !active.closest('[hidden]')) {
    active.focus({ preventScroll: true }); // a list reorder moved it; keep the person where they were
    if (sel) {
      try {
        active.setSelectionRange(sel[0], sel[1]);
      } catch (e) {
        /* not a text field */
      }
    }
  }
  afterQueue.splice(0).forEach((fn) => fn());
}
