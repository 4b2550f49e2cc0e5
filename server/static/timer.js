/* Dialoogtafel phone page, view: the room's timer (#timer). It counts down from the `remaining` the server
   sent with each state or welcome, measured on this phone's monotonic clock (performance.now), so a wrong
   phone clock or a reconnect changes nothing. At zero a quiet line goes into the live region: no sound. */

import { $, setAttr, setText, show } from './dom.js';
import { S } from './state.js';
import { say } from './status.js';
import { t } from './texts.js';

let base = null; // {remaining, running, at, question, key}
let ticker = 0;
let announced = null; // the timer whose end was said already

function timerState() {
  const st = S.session && S.session.state;
  return st && st.timer && typeof st.timer === 'object' ? st.timer : null;
}

// Called when a welcome or state arrives: the timer as the server saw it just now.
export function noteTimer() {
  const tm = timerState();
  if (!tm || typeof tm.remaining !== 'number') {
    base = null;
    return;
  }
  const key = String(tm.ends_at) + '/' + String(tm.duration);
  base = { remaining: tm.remaining, running: tm.running === true, at: performance.now(), question: tm.question, key: key };
}

function left() {
  if (!base) return 0;
  const gone = base.running ? (performance.now() - base.at) / 1000 : 0;
  return Math.max(0, base.remaining - gone);
}

export function clockText(seconds) {
  const whole = Math.ceil(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = (s < 10 ? '0' : '') + s;
  return h ? h + ':' + (m < 10 ? '0' : '') + m + ':' + ss : m + ':' + ss;
}

function tick() {
  const box = $('timer');
  if (!base || box.hidden) return;
  const rest = left();
  setText($('timer-left'), clockText(rest));
  const done = base.running && rest <= 0;
  setAttr(box, 'data-done', done ? 'true' : null);
  setText($('timer-note'), done ? t('timeUp') : base.running ? '' : t('timerPaused'));
  show($('timer-note'), done || !base.running);
  if (done && announced !== base.key) {
    announced = base.key;
    say(t('timeUp'));
  }
}

export const view = {
  render(ended) {
    const on = !!base && !ended;
    show($('timer'), on);
    clearInterval(ticker);
    ticker = 0;
    if (!on) return;
    const q = base.question;
    const qs = S.session && Array.isArray(S.session.questions) ? S.session.questions : [];
    const i = qs.findIndex((x) => x.id === q);
    setText($('timer-h'), i >= 0 ? t('timerFor', i + 1) : t('timerRoom'));
    tick();
    if (base.running && left() > 0) ticker = setInterval(tick, 1000);
  },
};
