/* Dialoogtafel phone page: the state (S), what of it is kept on the phone, and what the views derive from it. */

import { store } from './store.js';
import { lang, setLang } from './texts.js';

export const S = {
  mode: 'join', // 'join' | 'session'
  code: null,
  wantTable: null, // ?t=N, until the first welcome
  session: null, // welcome.session (complete)
  table: null, // you.table
  host: false, // you.host: this phone stays at its table at a new round
  roundSeen: null, // the round of the last welcome (a higher one is announced)
  answers: new Map(), // id -> answer message (shown answers of the own table)
  order: new Map(), // id -> arrival number (higher is newer)
  counter: 0,
  votes: new Set(), // answer ids this device has voted on (confirmed)
  responses: new Map(), // poll id -> this device's confirmed response ({picks} or {value})
  results: new Map(), // poll id -> the last results message (shown only while revealed)
  ballot: null,
  snapSeq: 0, // seq of the last welcome: acks at or below it are already in the snapshot
  outbox: [],
  failed: new Map(), // change id -> {change, message}
  drafts: {},
  editing: new Set(), // answer ids with the edit form open
  confirming: null, // answer id whose withdrawal is being confirmed
  choosing: false, // table chooser open while seated
  movingTo: null,
  conn: 'connecting', // 'connecting' | 'open' | 'reconnecting' | 'stopped'
  welcomed: false, // welcome received on the current connection
  everWelcomed: false,
  fromCache: false,
  introSeated: null,
  joinError: null,
};

function outboxKey() {
  return 'outbox.' + S.code;
}
export function loadOutbox() {
  const v = store.get(outboxKey());
  S.outbox = Array.isArray(v) ? v.filter((c) => c && typeof c.type === 'string' && typeof c.id === 'string') : [];
}
export function saveOutbox() {
  if (S.outbox.length) store.set(outboxKey(), S.outbox);
  else store.del(outboxKey());
}
export function saveDrafts() {
  const keys = Object.keys(S.drafts).filter((q) => S.drafts[q]);
  if (keys.length) store.set('drafts.' + S.code, { at: Date.now(), q: S.drafts });
  else store.del('drafts.' + S.code);
}
let lastSnap = '';
export function saveSnap() {
  if (!S.session) return;
  const mine = [];
  S.answers.forEach((a) => {
    if (a.mine) mine.push(a);
  });
  const snap = { at: 0, lang: lang, session: S.session, table: S.table, host: S.host, answers: mine, votes: Array.from(S.votes), responses: Object.fromEntries(S.responses) };
  const body = JSON.stringify(snap);
  if (body === lastSnap) return;
  lastSnap = body;
  snap.at = Date.now();
  store.set('snap.' + S.code, snap);
}
export function loadSnap() {
  const snap = store.get('snap.' + S.code);
  if (!snap || !snap.session || typeof snap.session !== 'object') return;
  S.session = snap.session;
  S.table = typeof snap.table === 'number' ? snap.table : null;
  S.host = snap.host === true;
  setLang(snap.lang);
  (Array.isArray(snap.answers) ? snap.answers : []).forEach(putAnswer);
  S.votes = new Set(Array.isArray(snap.votes) ? snap.votes : []);
  S.responses = new Map(snap.responses && typeof snap.responses === 'object' ? Object.entries(snap.responses) : []);
  S.fromCache = true;
}

export function putAnswer(a) {
  if (!a || typeof a.id !== 'string') return;
  const old = S.answers.get(a.id);
  const next = {
    id: a.id,
    question: a.question,
    table: a.table,
    text: typeof a.text === 'string' ? a.text : '',
    highlighted: a.highlighted === true,
    mine: a.mine === true || (old ? old.mine : false),
    waiting: a.state === 'pending' || (a.state === undefined && old ? old.waiting : false),
  };
  S.answers.set(a.id, next);
  if (!S.order.has(a.id)) S.order.set(a.id, ++S.counter);
}
export function removeAnswer(id) {
  S.answers.delete(id);
  S.order.delete(id);
  S.editing.delete(id);
  if (S.confirming === id) S.confirming = null;
}

// ---------- derived views ----------

export function isEnded() {
  return !!(S.session && S.session.state && S.session.state.ended);
}
export function tables() {
  return S.session && Array.isArray(S.session.tables) ? S.session.tables : [];
}
export function tableExists(n) {
  return tables().some((x) => x.number === n);
}
export function themeOf(n) {
  const tb = tables().find((x) => x.number === n);
  if (!tb || !tb.theme || !Array.isArray(S.session.themes)) return null;
  return S.session.themes.find((th) => th.id === tb.theme) || { id: tb.theme, title: tb.theme };
}
export function seated() {
  return S.table != null && tableExists(S.table);
}
export function questionsForTable() {
  const all = S.session && Array.isArray(S.session.questions) ? S.session.questions : [];
  const tb = tables().find((x) => x.number === S.table);
  const theme = tb ? tb.theme : null;
  return all.filter((q) => q.theme == null || q.theme === theme);
}
export function questionById(id) {
  const all = S.session && Array.isArray(S.session.questions) ? S.session.questions : [];
  return all.find((q) => q.id === id) || null;
}
export function openIds() {
  const st = S.session && S.session.state;
  return new Set(st && Array.isArray(st.open) ? st.open : []);
}
export function pendingOverlay() {
  const o = { fresh: [], edit: new Map(), withdraw: new Set(), vote: new Map() };
  S.outbox.forEach((c) => {
    if (c.type === 'answer') o.fresh.push(c);
    else if (c.type === 'edit') o.edit.set(c.answer, c.text);
    else if (c.type === 'withdraw') o.withdraw.add(c.answer);
    else if (c.type === 'vote') o.vote.set(c.answer, c.on);
  });
  return o;
}
function failureFor(answerId) {
  let found = null;
  S.failed.forEach((f, id) => {
    if (f.change.answer === answerId) found = { id: id, message: f.message };
  });
  return found;
}
// What the list of a question shows: own pending and failed answers first, then the table's, newest first.
export function answersFor(qid, o) {
  const out = [];
  o.fresh
    .filter((c) => c.question === qid && !S.answers.has(c.id))
    .reverse()
    .forEach((c) => {
      const edit = o.edit.get(c.id);
      out.push({
        id: c.id, text: edit != null ? edit : c.text, mine: true, highlighted: false,
        state: 'pending', pending: o.withdraw.has(c.id) ? 'withdraw' : 'answer',
      });
    });
  const failedOnes = [];
  S.failed.forEach((f, id) => {
    if (f.change.type === 'answer' && f.change.question === qid) {
      failedOnes.push({ id: id, text: f.change.text, mine: true, highlighted: false, state: 'failed', error: f.message, failId: id });
    }
  });
  out.push.apply(out, failedOnes.reverse());
  const own = [];
  S.answers.forEach((a) => {
    if (a.question === qid) own.push(a);
  });
  own.sort((x, y) => S.order.get(y.id) - S.order.get(x.id));
  own.forEach((a) => {
    const vm = { id: a.id, text: a.text, mine: a.mine, highlighted: a.highlighted, state: a.mine ? (a.waiting ? 'waiting' : 'saved') : null };
    if (a.mine) {
      const inOutbox = o.fresh.some((c) => c.id === a.id);
      if (o.withdraw.has(a.id)) {
        vm.state = 'pending';
        vm.pending = 'withdraw';
      } else if (o.edit.has(a.id)) {
        vm.state = 'pending';
        vm.pending = 'edit';
        vm.text = o.edit.get(a.id);
      } else if (inOutbox) {
        vm.state = 'pending';
        vm.pending = 'answer';
      }
      const f = failureFor(a.id);
      if (f && (vm.state === 'saved' || vm.state === 'waiting')) {
        vm.state = 'failed';
        vm.error = f.message;
        vm.failId = f.id;
        vm.failedChange = true;
      }
    }
    out.push(vm);
  });
  return out;
}
export function effectiveVotes(o) {
  const v = new Set(S.votes);
  o.vote.forEach((on, id) => {
    if (on) v.add(id);
    else v.delete(id);
  });
  return v;
}
