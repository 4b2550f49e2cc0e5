/* Dialoogtafel phone page: changes and the outbox. Every change is written to the outbox (kept on the phone)
   before it is sent; the server's ack takes it out (messages.js). */

import { sendFrame } from './connection.js';
import { scheduleRender } from './render.js';
import { S, saveOutbox } from './state.js';
import { say } from './status.js';
import { utf8Length, uuid4 } from './store.js';
import { t } from './texts.js';

export const MAX_CHARS = 1000; // the server's answer limit (too_long above it)
const MAX_FRAME = 15 * 1024; // the server closes on frames over 16 KiB

export function queue(change) {
  const same = (c) =>
    (change.type === 'vote' && c.type === 'vote' && c.answer === change.answer) ||
    (change.type === 'edit' && c.type === 'edit' && c.answer === change.answer) ||
    (change.type === 'table' && c.type === 'table') ||
    (change.type === 'response' && c.type === 'response' && c.question === change.question);
  S.outbox = S.outbox.filter((c) => !same(c)); // the newest of these says all
  S.outbox.push(change);
  saveOutbox();
  sendFrame(change);
  scheduleRender();
}
export function flushOutbox() {
  S.outbox.forEach(sendFrame);
}
export function takeFromOutbox(id) {
  const i = S.outbox.findIndex((c) => c.id === id);
  if (i < 0) return null;
  const c = S.outbox.splice(i, 1)[0];
  saveOutbox();
  return c;
}
export function chooseTable(n) {
  S.movingTo = n;
  queue({ type: 'table', id: uuid4(), table: n });
}
// A typed answer or edit that may go: not empty, not too long; otherwise say why (and back to the field).
export function sendable(msg, field) {
  if (!msg.text.trim()) {
    say(t('empty'), 'error');
    field.focus();
    return false;
  }
  if (msg.text.length > MAX_CHARS || utf8Length(JSON.stringify(msg)) > MAX_FRAME) {
    say(t('tooLong'), 'error');
    return false;
  }
  return true;
}
