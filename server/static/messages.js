/* Dialoogtafel phone page: what the server sends (PROTOCOL.md v1): welcome, ack, answer, gone, ballot, state,
   error. A later message type gets its handler in HANDLERS; unknown types are ignored. */

import { resetBackoff, sendFrame, stop } from './connection.js';
import { $, cssEscape } from './dom.js';
import { showJoin } from './join.js';
import { chooseTable, flushOutbox, takeFromOutbox } from './outbox.js';
import { afterRender, scheduleRender } from './render.js';
import { isEnded, putAnswer, removeAnswer, S, saveDrafts, saveSnap, tableExists } from './state.js';
import { say } from './status.js';
import { setLang, t } from './texts.js';
import { noteTimer } from './timer.js';

function roundOf(state) {
  return state && typeof state.round === 'number' ? state.round : 1;
}

// A new round: say it once, and what it asks of this phone (choose again, or stay as the host).
function sayRound(after, table) {
  const before = S.roundSeen;
  S.roundSeen = after;
  if (before == null || after <= before) return;
  say(t('roundN', after) + ': ' + (table != null ? t('roundHost', table) : t('roundChoose')));
}

function dropTableParam() {
  if (!/[?&]t=/.test(location.search)) return;
  try {
    history.replaceState(null, '', location.pathname);
  } catch (e) {
    /* the URL keeps its ?t, harmless */
  }
}

const HANDLERS = {
  welcome(m) {
    if (m.you && m.you.role && m.you.role !== 'participant') return;
    const sess = m.session && typeof m.session === 'object' ? m.session : {};
    S.session = sess;
    S.table = m.you && typeof m.you.table === 'number' ? m.you.table : null;
    S.host = !!(m.you && m.you.host === true);
    noteTimer();
    sayRound(roundOf(sess.state), S.table);
    setLang(sess.language);
    S.answers = new Map();
    S.order = new Map();
    (Array.isArray(m.answers) ? m.answers : []).forEach((a) => {
      if (!a.state || a.state === 'shown' || a.state === 'pending') putAnswer(a);
    });
    S.votes = new Set(Array.isArray(m.votes) ? m.votes : []);
    S.responses = new Map(m.responses && typeof m.responses === 'object' ? Object.entries(m.responses) : []);
    S.results = new Map((Array.isArray(m.results) ? m.results : []).map((r) => [r.question, r]));
    S.ballot = m.ballot && typeof m.ballot === 'object' ? m.ballot : null;
    S.snapSeq = typeof m.seq === 'number' ? m.seq : 0;
    S.editing.forEach((id) => {
      if (!S.answers.has(id)) S.editing.delete(id);
    });
    if (S.confirming && !S.answers.has(S.confirming)) S.confirming = null;
    S.fromCache = false;
    resetBackoff();
    const first = !S.welcomed;
    S.welcomed = true;
    if (S.conn !== 'open' && S.everWelcomed) say(t('back'));
    S.everWelcomed = true;
    S.conn = 'open';
    if (first) flushOutbox(); // before anything new is queued, so the outbox goes in its order
    if (S.wantTable) {
      const n = S.wantTable;
      S.wantTable = null;
      if (!tableExists(n)) {
        say(t('noTable', n), 'error');
      } else if (S.table !== n) {
        chooseTable(n);
      }
      dropTableParam();
    }
    if (S.movingTo && S.table === S.movingTo) {
      S.movingTo = null;
      S.choosing = false;
      say(t('moved', S.table));
      afterRender(() => $('seat-h').focus());
    }
    saveSnap();
    scheduleRender();
  },
  ack(m) {
    const c = takeFromOutbox(m.id);
    if (!c) return;
    const fresh = typeof m.seq !== 'number' || m.seq > S.snapSeq;
    if (c.type === 'answer') {
      if (fresh && !S.answers.has(c.id)) {
        const state = S.session && S.session.premoderate ? 'pending' : 'shown';
        putAnswer({ id: c.id, question: c.question, table: S.table, text: c.text, mine: true, state: state });
      }
      say(t(S.session && S.session.premoderate ? 'savedWaiting' : 'savedAnswer'));
    } else if (c.type === 'edit') {
      const a = S.answers.get(c.answer);
      if (fresh && a) a.text = c.text;
      say(t('savedEdit'));
    } else if (c.type === 'withdraw') {
      removeAnswer(c.answer);
      say(t('withdrawn'));
    } else if (c.type === 'response') {
      const on = (Array.isArray(c.picks) && c.picks.length > 0) || typeof c.value === 'number';
      if (fresh && on) S.responses.set(c.question, Array.isArray(c.picks) ? { picks: c.picks } : { value: c.value });
      else if (fresh) S.responses.delete(c.question);
      S.failed.forEach((f, id) => {
        if (f.change.type === 'response' && f.change.question === c.question) S.failed.delete(id);
      });
      say(t(on ? 'pollSavedSay' : 'pollCleared'));
    } else if (c.type === 'host') {
      say(t(c.on ? 'hostOn' : 'hostOff'));
    } else if (c.type === 'vote') {
      if (fresh) {
        if (c.on) S.votes.add(c.answer);
        else S.votes.delete(c.answer);
      }
      say(t(c.on ? 'voteSaved' : 'voteRemoved'));
    }
    saveSnap();
    scheduleRender();
  },
  answer(m) {
    if (typeof m.id !== 'string') return;
    if (m.state && m.state !== 'shown' && !(m.state === 'pending' && m.mine)) removeAnswer(m.id);
    else if (m.mine || S.table == null || m.table === S.table) putAnswer(m);
    scheduleRender();
  },
  gone(m) {
    removeAnswer(m.id);
    scheduleRender();
  },
  question(m) {
    if (!S.session || typeof m.id !== 'string' || !Array.isArray(S.session.questions)) return;
    if (S.session.questions.some((q) => q.id === m.id)) return;
    const q = Object.assign({}, m);
    delete q.type;
    delete q.seq;
    S.session.questions.push(q);
    say(t('newQuestion'));
    saveSnap();
    scheduleRender();
  },
  results(m) {
    if (typeof m.question !== 'string') return;
    S.results.set(m.question, m);
    scheduleRender();
  },
  ballot(m) {
    S.ballot = m;
    scheduleRender();
  },
  state(m) {
    if (!S.session || !m.state || typeof m.state !== 'object') return;
    const wasEnded = isEnded();
    S.session.state = m.state; // a new round is said at the fresh welcome that follows
    noteTimer();
    const v = m.state.voting;
    if (!v || (S.ballot && S.ballot.question !== v.question)) S.ballot = null;
    if (isEnded() && !wasEnded) {
      S.editing.clear();
      S.confirming = null;
      S.choosing = false;
      say(t('endedHeading'));
    }
    saveSnap();
    scheduleRender();
  },
  error(m) {
    const msg = typeof m.message === 'string' && m.message ? m.message : t('genericError');
    if (m.code === 'no_session') {
      if (S.session || S.outbox.length) {
        // a session this phone was in: its server may be restarting (it comes back with
        // --resume), so keep the outbox and let the close retry with back-off
        say(t('sessionAway'), 'error');
        return;
      }
      stop();
      showJoin(S.code, t('codeUnknown', S.code));
      return;
    }
    if (!S.welcomed && (S.wantTable || S.table)) {
      // the hello itself was refused (a table that does not exist?): try next time without a table
      S.wantTable = null;
      S.table = null;
      dropTableParam();
    }
    const c = typeof m.ref === 'string' ? S.outbox.find((x) => x.id === m.ref) : null;
    if (c && m.code === 'rate_limited') {
      // refused for now, not for good: the same change goes again shortly
      say(msg + ' ' + t('retrying'), 'error');
      setTimeout(() => {
        if (S.outbox.indexOf(c) >= 0) sendFrame(c);
      }, 2000 + Math.random() * 3000);
      return;
    }
    if (c) {
      takeFromOutbox(c.id);
      failed(c, msg);
    } else {
      say(msg, 'error');
    }
    if (m.code === 'no_table') S.choosing = true;
    scheduleRender();
  },
};

export function onFrame(data) {
  let m;
  try {
    m = JSON.parse(data);
  } catch (e) {
    return;
  }
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
  if (Object.prototype.hasOwnProperty.call(HANDLERS, m.type)) HANDLERS[m.type](m);
  // other types (pong, and whatever a later protocol adds) need nothing here
}

function failed(c, msg) {
  if (c.type === 'answer') {
    S.failed.set(c.id, { change: c, message: msg });
    if (!S.drafts[c.question]) {
      S.drafts[c.question] = c.text;
      saveDrafts();
      const box = document.querySelector('[data-question="' + cssEscape(c.question) + '"] .answer-form textarea');
      if (box) box.value = c.text;
      say(t('notSaved', msg) + ' ' + t('restored'), 'error');
      return;
    }
  } else if (c.type === 'edit' || c.type === 'withdraw' || c.type === 'response') {
    S.failed.set(c.id, { change: c, message: msg });
  } else if (c.type === 'table') {
    S.movingTo = null;
    S.choosing = true;
  }
  say(t('notSaved', msg), 'error');
}
