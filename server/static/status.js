/* Dialoogtafel phone page: the status bar (#status: connection, changes waiting) and the live region (#live). */

import { $, el, setAttr, setText, show } from './dom.js';
import { isEnded, S } from './state.js';
import { store } from './store.js';
import { t } from './texts.js';

export function renderStatus() {
  const st = $('status');
  show(st, S.mode === 'session');
  setAttr(st, 'data-conn', S.conn); // kept on the code form too: `stopped` after no_session
  if (S.mode !== 'session') return;
  let text = t(S.conn === 'open' ? 'connected' : S.conn === 'stopped' ? 'stopped' : S.conn);
  if (isEnded()) text = t('endedHeading');
  const n = S.outbox.length;
  if (n) {
    const answersOnly = S.outbox.every((c) => c.type === 'answer' || c.type === 'edit' || c.type === 'withdraw');
    text += ' · ' + t(answersOnly ? 'waitingAnswers' : 'waitingChanges', n);
  }
  if (!store.ok) text += ' · ' + t('noStorage');
  setText(st, text);
  setAttr(st, 'data-conn', S.conn);
  setAttr(st, 'data-pending', String(n));
  setAttr(st, 'data-ended', isEnded() ? 'true' : null);
}

// ---------- the live region ----------

let liveTimer = 0;
export function say(text, kind) {
  const live = $('live');
  while (live.firstChild) live.removeChild(live.firstChild);
  const p = el('p', { class: kind === 'error' ? 'live-error' : 'live-ok' }, text);
  live.appendChild(p);
  setAttr(live, 'data-kind', kind === 'error' ? 'error' : 'ok');
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    if (p.parentNode === live) live.removeChild(p);
    live.removeAttribute('data-kind');
  }, kind === 'error' ? 20000 : 6000);
}
