/* Dialoogtafel phone page: the participant's client of PROTOCOL.md v1 (no build step, no framework).
   Participant text only ever goes into the page through textContent. */
'use strict';
(function () {
  const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4,6}$/;
  const KEY = 'dialoogtafel.';
  const MAX_CHARS = 1000; // the server's answer limit (too_long above it)
  const MAX_FRAME = 15 * 1024; // the server closes on frames over 16 KiB
  const PING_MS = 25000;
  const PONG_MS = 10000;
  const PROBE_MS = 5000;
  const CONNECT_MS = 10000;
  const BACKOFF_CAP = 10000;
  const KEEP_DAYS = 7; // cached snapshots and drafts older than this are cleared

  // ---------- texts (Dutch and English; what a person reads) ----------

  const plural = (n, one, many) => (n === 1 ? one : many);
  const TEXTS = {
    nl: {
      skip: 'Naar de inhoud',
      connecting: 'Verbinden…',
      connected: 'Verbonden',
      reconnecting: 'Opnieuw verbinden…',
      stopped: 'Niet verbonden',
      waitingAnswers: (n) => n + ' ' + plural(n, 'antwoord wacht', 'antwoorden wachten') + ' op verzending',
      waitingChanges: (n) => n + ' ' + plural(n, 'wijziging wacht', 'wijzigingen wachten') + ' op verzending',
      lost: 'Verbinding verbroken. Opnieuw verbinden… Wat je typt, blijft bewaard.',
      back: 'Weer verbonden.',
      joinHeading: 'Doe mee',
      codeLabel: 'Sessiecode',
      codeHint: 'De code staat bij de QR-code, bijvoorbeeld K7M2Q.',
      codeGo: 'Verder',
      codeBad: 'Een sessiecode heeft 4 tot 6 letters en cijfers.',
      codeUnknown: (c) => 'Er is geen sessie met code ' + c + '. Kijk de code na.',
      sessionAway: 'De sessie is even niet bereikbaar. We blijven het proberen; wat je typte blijft bewaard.',
      loading: 'Even geduld: verbinden met de sessie…',
      aboutSession: 'Over deze sessie',
      endedHeading: 'Sessie afgelopen — bedankt!',
      endedText: 'Er kan niets meer worden toegevoegd of gewijzigd.',
      table: (n) => 'Tafel ' + n,
      youSit: (n) => 'Je zit aan tafel ' + n,
      theme: (s) => 'Thema: ' + s,
      themeExplain: 'Uitleg bij het thema',
      changeTable: 'Andere tafel',
      chooseTable: 'Kies je tafel',
      chooseHint: 'Kies het nummer van de tafel waar je zit.',
      currentTable: 'jouw tafel',
      cancel: 'Annuleren',
      noTable: (n) => 'Tafel ' + n + ' bestaat niet in deze sessie. Kies je tafel.',
      moved: (n) => 'Je zit nu aan tafel ' + n + '.',
      questions: 'Vragen',
      closedQuestions: 'Gesloten vragen',
      noOpen: 'Er staan nu geen open vragen voor deze tafel.',
      focusBadge: 'Nu aan de orde',
      closedBadge: 'Gesloten',
      yourAnswer: 'Jouw antwoord',
      send: 'Versturen',
      sendHint: 'Eén idee per antwoord. Je kunt meer antwoorden sturen.',
      empty: 'Typ eerst een antwoord.',
      tooLong: 'Dit antwoord is te lang; maak het korter.',
      tableAnswers: 'Antwoorden van deze tafel',
      noAnswers: 'Nog geen antwoorden.',
      mine: 'Jij',
      highlighted: 'Uitgelicht',
      pending: 'wacht…',
      pendingEdit: 'wijziging wacht…',
      pendingWithdraw: 'intrekken wacht…',
      saved: 'opgeslagen',
      failed: 'niet opgeslagen',
      failedChange: 'wijziging niet opgeslagen',
      edit: 'Bewerken',
      editLabel: 'Antwoord bewerken',
      save: 'Opslaan',
      withdraw: 'Intrekken',
      confirmWithdraw: 'Dit antwoord intrekken? Het wordt nergens meer getoond.',
      yesWithdraw: 'Ja, intrekken',
      noKeep: 'Nee, houden',
      dismiss: 'Melding sluiten',
      savedAnswer: 'Antwoord opgeslagen.',
      savedEdit: 'Wijziging opgeslagen.',
      withdrawn: 'Antwoord ingetrokken.',
      voteSaved: 'Stem opgeslagen.',
      voteRemoved: 'Stem ingetrokken.',
      restored: 'Je tekst staat weer in het invoerveld.',
      notSaved: (m) => 'Niet opgeslagen: ' + m,
      retrying: 'Even wachten, daarna wordt het opnieuw verstuurd.',
      votingHeading: 'Stemmen',
      votingHint: 'Geef je stemmen aan de antwoorden die er het meest toe doen.',
      votesLeft: (n, m) => 'Je hebt nog ' + n + ' van ' + m + ' ' + plural(m, 'stem', 'stemmen') + '.',
      votesGone: 'Je stemmen zijn op. Trek er een in om een ander antwoord te kiezen.',
      vote: 'Stem',
      fromTable: (n) => 'Tafel ' + n,
      ownAnswer: 'jouw antwoord',
      noBallot: 'Er zijn nog geen antwoorden om op te stemmen.',
      noStorage: 'Deze browser bewaart niets op de telefoon: houd deze pagina open tot alles is opgeslagen.',
      genericError: 'Er ging iets mis.',
    },
    en: {
      skip: 'Skip to content',
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: 'Reconnecting…',
      stopped: 'Not connected',
      waitingAnswers: (n) => n + ' ' + plural(n, 'answer is', 'answers are') + ' waiting to be sent',
      waitingChanges: (n) => n + ' ' + plural(n, 'change is', 'changes are') + ' waiting to be sent',
      lost: 'Connection lost. Reconnecting… What you type is kept.',
      back: 'Connected again.',
      joinHeading: 'Join',
      codeLabel: 'Session code',
      codeHint: 'The code is next to the QR code, for example K7M2Q.',
      codeGo: 'Continue',
      codeBad: 'A session code has 4 to 6 letters and digits.',
      codeUnknown: (c) => 'There is no session with code ' + c + '. Please check the code.',
      sessionAway: 'The session cannot be reached right now. We keep trying; what you typed is kept.',
      loading: 'One moment: connecting to the session…',
      aboutSession: 'About this session',
      endedHeading: 'Session ended — thank you!',
      endedText: 'Nothing can be added or changed any more.',
      table: (n) => 'Table ' + n,
      youSit: (n) => 'You are at table ' + n,
      theme: (s) => 'Theme: ' + s,
      themeExplain: 'About this theme',
      changeTable: 'Change table',
      chooseTable: 'Choose your table',
      chooseHint: 'Choose the number of the table where you sit.',
      currentTable: 'your table',
      cancel: 'Cancel',
      noTable: (n) => 'There is no table ' + n + ' in this session. Choose your table.',
      moved: (n) => 'You are now at table ' + n + '.',
      questions: 'Questions',
      closedQuestions: 'Closed questions',
      noOpen: 'There are no open questions for this table right now.',
      focusBadge: 'Current question',
      closedBadge: 'Closed',
      yourAnswer: 'Your answer',
      send: 'Send',
      sendHint: 'One idea per answer. You can send more than one.',
      empty: 'Please type an answer first.',
      tooLong: 'This answer is too long; please shorten it.',
      tableAnswers: 'Answers from this table',
      noAnswers: 'No answers yet.',
      mine: 'You',
      highlighted: 'Highlighted',
      pending: 'waiting…',
      pendingEdit: 'change waiting…',
      pendingWithdraw: 'withdrawal waiting…',
      saved: 'saved',
      failed: 'not saved',
      failedChange: 'change not saved',
      edit: 'Edit',
      editLabel: 'Edit answer',
      save: 'Save',
      withdraw: 'Withdraw',
      confirmWithdraw: 'Withdraw this answer? It will not be shown anywhere again.',
      yesWithdraw: 'Yes, withdraw',
      noKeep: 'No, keep it',
      dismiss: 'Dismiss',
      savedAnswer: 'Answer saved.',
      savedEdit: 'Change saved.',
      withdrawn: 'Answer withdrawn.',
      voteSaved: 'Vote saved.',
      voteRemoved: 'Vote taken back.',
      restored: 'Your text is back in the input field.',
      notSaved: (m) => 'Not saved: ' + m,
      retrying: 'Waiting a moment, then it is sent again.',
      votingHeading: 'Voting',
      votingHint: 'Give your votes to the answers that matter most.',
      votesLeft: (n, m) => 'You have ' + n + ' of ' + m + ' ' + plural(m, 'vote', 'votes') + ' left.',
      votesGone: 'Your votes are used up. Take one back to choose another answer.',
      vote: 'Vote',
      fromTable: (n) => 'Table ' + n,
      ownAnswer: 'your answer',
      noBallot: 'There are no answers to vote on yet.',
      noStorage: 'This browser keeps nothing on the phone: keep this page open until everything is saved.',
      genericError: 'Something went wrong.',
    },
  };

  function browserLang() {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    return String(langs[0] || '').toLowerCase().indexOf('en') === 0 ? 'en' : 'nl';
  }
  let lang = browserLang();
  function t(key) {
    const v = (TEXTS[lang] || TEXTS.nl)[key];
    return typeof v === 'function' ? v.apply(null, Array.prototype.slice.call(arguments, 1)) : v;
  }
  function setLang(value) {
    if (value === 'nl' || value === 'en') lang = value;
  }

  // ---------- storage (localStorage, or memory when the browser refuses) ----------

  const store = (function () {
    const mem = {};
    let ok = true;
    try {
      localStorage.setItem(KEY + 'probe', '1');
      localStorage.removeItem(KEY + 'probe');
    } catch (e) {
      ok = false;
    }
    function parse(s) {
      try {
        return s == null ? null : JSON.parse(s);
      } catch (e) {
        return null;
      }
    }
    return {
      ok: ok,
      get(k) {
        if (Object.prototype.hasOwnProperty.call(mem, k)) return parse(mem[k]);
        if (!ok) return null;
        try {
          return parse(localStorage.getItem(KEY + k));
        } catch (e) {
          return null;
        }
      },
      set(k, v) {
        const s = JSON.stringify(v);
        if (ok) {
          try {
            localStorage.setItem(KEY + k, s);
            delete mem[k];
            return;
          } catch (e) {
            /* quota: keep it in memory for this page */
          }
        }
        mem[k] = s;
      },
      del(k) {
        delete mem[k];
        if (ok) {
          try {
            localStorage.removeItem(KEY + k);
          } catch (e) {
            /* nothing to do */
          }
        }
      },
      keys() {
        const out = [];
        if (!ok) return out;
        try {
          for (let i = 0; i < localStorage.length; i++) {
            const k = localStorage.key(i);
            if (k && k.indexOf(KEY) === 0) out.push(k.slice(KEY.length));
          }
        } catch (e) {
          /* nothing to do */
        }
        return out;
      },
    };
  })();

  function hex(bytes) {
    let s = '';
    for (let i = 0; i < bytes.length; i++) s += (bytes[i] + 256).toString(16).slice(1);
    return s;
  }
  function randomHex(n) {
    return hex(crypto.getRandomValues(new Uint8Array(n)));
  }
  function uuid4() {
    // crypto.randomUUID exists only in secure contexts; a LAN address over http is not one
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = hex(b);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }
  function deviceToken() {
    let d = store.get('device');
    if (typeof d !== 'string' || !/^[0-9a-f]{32,128}$/.test(d)) {
      d = randomHex(24); // 192 bits
      store.set('device', d);
    }
    return d;
  }
  function utf8Length(s) {
    return new TextEncoder().encode(s).length;
  }
  function cleanOld() {
    const limit = Date.now() - KEEP_DAYS * 864e5;
    store.keys().forEach((k) => {
      if (k.indexOf('snap.') !== 0 && k.indexOf('drafts.') !== 0) return;
      const v = store.get(k);
      if (!v || typeof v.at !== 'number' || v.at < limit) store.del(k);
    });
  }

  // ---------- state ----------

  const S = {
    mode: 'join', // 'join' | 'session'
    code: null,
    wantTable: null, // ?t=N, until the first welcome
    session: null, // welcome.session (complete)
    table: null, // you.table
    answers: new Map(), // id -> answer message (shown answers of the own table)
    order: new Map(), // id -> arrival number (higher is newer)
    counter: 0,
    votes: new Set(), // answer ids this device has voted on (confirmed)
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

  const $ = (id) => document.getElementById(id);

  function outboxKey() {
    return 'outbox.' + S.code;
  }
  function loadOutbox() {
    const v = store.get(outboxKey());
    S.outbox = Array.isArray(v) ? v.filter((c) => c && typeof c.type === 'string' && typeof c.id === 'string') : [];
  }
  function saveOutbox() {
    if (S.outbox.length) store.set(outboxKey(), S.outbox);
    else store.del(outboxKey());
  }
  function saveDrafts() {
    const keys = Object.keys(S.drafts).filter((q) => S.drafts[q]);
    if (keys.length) store.set('drafts.' + S.code, { at: Date.now(), q: S.drafts });
    else store.del('drafts.' + S.code);
  }
  let lastSnap = '';
  function saveSnap() {
    if (!S.session) return;
    const mine = [];
    S.answers.forEach((a) => {
      if (a.mine) mine.push(a);
    });
    const snap = { at: 0, lang: lang, session: S.session, table: S.table, answers: mine, votes: Array.from(S.votes) };
    const body = JSON.stringify(snap);
    if (body === lastSnap) return;
    lastSnap = body;
    snap.at = Date.now();
    store.set('snap.' + S.code, snap);
  }
  function loadSnap() {
    const snap = store.get('snap.' + S.code);
    if (!snap || !snap.session || typeof snap.session !== 'object') return;
    S.session = snap.session;
    S.table = typeof snap.table === 'number' ? snap.table : null;
    setLang(snap.lang);
    (Array.isArray(snap.answers) ? snap.answers : []).forEach(putAnswer);
    S.votes = new Set(Array.isArray(snap.votes) ? snap.votes : []);
    S.fromCache = true;
  }

  function putAnswer(a) {
    if (!a || typeof a.id !== 'string') return;
    const old = S.answers.get(a.id);
    const next = {
      id: a.id,
      question: a.question,
      table: a.table,
      text: typeof a.text === 'string' ? a.text : '',
      highlighted: a.highlighted === true,
      mine: a.mine === true || (old ? old.mine : false),
    };
    S.answers.set(a.id, next);
    if (!S.order.has(a.id)) S.order.set(a.id, ++S.counter);
  }
  function removeAnswer(id) {
    S.answers.delete(id);
    S.order.delete(id);
    S.editing.delete(id);
    if (S.confirming === id) S.confirming = null;
  }

  // ---------- connection ----------

  let ws = null;
  let attempt = 0;
  let retryTimer = 0;
  let pingTimer = 0;
  let pongTimer = 0;
  let connectTimer = 0;

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/ws';
  }
  function setConn(c) {
    const was = S.conn;
    S.conn = c;
    if (was === 'open' && c === 'reconnecting') say(t('lost'), 'error');
    scheduleRender();
  }
  function connect() {
    clearTimeout(retryTimer);
    if (S.mode !== 'session' || S.conn === 'stopped') return;
    let sock;
    try {
      sock = new WebSocket(wsUrl());
    } catch (e) {
      scheduleRetry();
      return;
    }
    ws = sock;
    S.welcomed = false;
    connectTimer = setTimeout(() => {
      if (ws === sock && sock.readyState !== WebSocket.OPEN) abandon(sock);
    }, CONNECT_MS);
    sock.onopen = () => {
      if (ws !== sock) return;
      clearTimeout(connectTimer);
      const hello = { type: 'hello', session: S.code, role: 'participant', device: deviceToken() };
      const table = S.wantTable || S.table;
      if (table) hello.table = table;
      sock.send(JSON.stringify(hello));
      clearInterval(pingTimer);
      pingTimer = setInterval(() => probe(PONG_MS), PING_MS);
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      clearTimeout(pongTimer);
      onFrame(ev.data);
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      lostConnection();
    };
    sock.onerror = () => {
      /* onclose follows */
    };
  }
  function lostConnection() {
    ws = null;
    S.welcomed = false;
    clearTimeout(connectTimer);
    clearTimeout(pongTimer);
    clearInterval(pingTimer);
    if (S.conn === 'stopped') return;
    setConn('reconnecting');
    scheduleRetry();
  }
  function abandon(sock) {
    // a socket that looks dead: stop listening to it and start afresh
    sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
    try {
      sock.close();
    } catch (e) {
      /* already closing */
    }
    if (ws === sock) lostConnection();
  }
  function scheduleRetry() {
    clearTimeout(retryTimer);
    const base = Math.min(BACKOFF_CAP, 500 * Math.pow(2, attempt));
    attempt++;
    retryTimer = setTimeout(connect, base / 2 + (Math.random() * base) / 2);
  }
  function probe(ms) {
    const sock = ws;
    if (!sock || sock.readyState !== WebSocket.OPEN) return;
    sock.send('{"type":"ping"}');
    clearTimeout(pongTimer);
    pongTimer = setTimeout(() => abandon(sock), ms);
  }
  function wake() {
    if (S.mode !== 'session' || S.conn === 'stopped') return;
    if (ws && ws.readyState === WebSocket.OPEN) {
      probe(PROBE_MS); // a phone that slept may hold a socket that died silently
    } else if (!ws || ws.readyState !== WebSocket.CONNECTING) {
      attempt = 0;
      connect();
    }
  }
  function stop() {
    S.conn = 'stopped';
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    clearTimeout(connectTimer);
    const sock = ws;
    ws = null;
    if (sock) abandon(sock);
  }
  function sendFrame(msg) {
    if (ws && ws.readyState === WebSocket.OPEN && S.welcomed) ws.send(JSON.stringify(msg));
  }

  // ---------- changes and the outbox ----------

  function queue(change) {
    const same = (c) =>
      (change.type === 'vote' && c.type === 'vote' && c.answer === change.answer) ||
      (change.type === 'edit' && c.type === 'edit' && c.answer === change.answer) ||
      (change.type === 'table' && c.type === 'table');
    S.outbox = S.outbox.filter((c) => !same(c)); // the newest of these says all
    S.outbox.push(change);
    saveOutbox();
    sendFrame(change);
    scheduleRender();
  }
  function flushOutbox() {
    S.outbox.forEach(sendFrame);
  }
  function takeFromOutbox(id) {
    const i = S.outbox.findIndex((c) => c.id === id);
    if (i < 0) return null;
    const c = S.outbox.splice(i, 1)[0];
    saveOutbox();
    return c;
  }
  function chooseTable(n) {
    S.movingTo = n;
    queue({ type: 'table', id: uuid4(), table: n });
  }

  // ---------- server messages ----------

  const HANDLERS = {
    welcome(m) {
      if (m.you && m.you.role && m.you.role !== 'participant') return;
      const sess = m.session && typeof m.session === 'object' ? m.session : {};
      S.session = sess;
      S.table = m.you && typeof m.you.table === 'number' ? m.you.table : null;
      setLang(sess.language);
      S.answers = new Map();
      S.order = new Map();
      (Array.isArray(m.answers) ? m.answers : []).forEach((a) => {
        if (!a.state || a.state === 'shown') putAnswer(a);
      });
      S.votes = new Set(Array.isArray(m.votes) ? m.votes : []);
      S.ballot = m.ballot && typeof m.ballot === 'object' ? m.ballot : null;
      S.snapSeq = typeof m.seq === 'number' ? m.seq : 0;
      S.editing.forEach((id) => {
        if (!S.answers.has(id)) S.editing.delete(id);
      });
      if (S.confirming && !S.answers.has(S.confirming)) S.confirming = null;
      S.fromCache = false;
      attempt = 0;
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
          putAnswer({ id: c.id, question: c.question, table: S.table, text: c.text, mine: true });
        }
        say(t('savedAnswer'));
      } else if (c.type === 'edit') {
        const a = S.answers.get(c.answer);
        if (fresh && a) a.text = c.text;
        say(t('savedEdit'));
      } else if (c.type === 'withdraw') {
        removeAnswer(c.answer);
        say(t('withdrawn'));
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
      if (m.state && m.state !== 'shown') removeAnswer(m.id);
      else if (S.table == null || m.table === S.table) putAnswer(m);
      scheduleRender();
    },
    gone(m) {
      removeAnswer(m.id);
      scheduleRender();
    },
    ballot(m) {
      S.ballot = m;
      scheduleRender();
    },
    state(m) {
      if (!S.session || !m.state || typeof m.state !== 'object') return;
      const wasEnded = isEnded();
      S.session.state = m.state;
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

  function onFrame(data) {
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
    } else if (c.type === 'edit' || c.type === 'withdraw') {
      S.failed.set(c.id, { change: c, message: msg });
    } else if (c.type === 'table') {
      S.movingTo = null;
      S.choosing = true;
    }
    say(t('notSaved', msg), 'error');
  }

  // ---------- derived views ----------

  function isEnded() {
    return !!(S.session && S.session.state && S.session.state.ended);
  }
  function tables() {
    return S.session && Array.isArray(S.session.tables) ? S.session.tables : [];
  }
  function tableExists(n) {
    return tables().some((x) => x.number === n);
  }
  function themeOf(n) {
    const tb = tables().find((x) => x.number === n);
    if (!tb || !tb.theme || !Array.isArray(S.session.themes)) return null;
    return S.session.themes.find((th) => th.id === tb.theme) || { id: tb.theme, title: tb.theme };
  }
  function seated() {
    return S.table != null && tableExists(S.table);
  }
  function questionsForTable() {
    const all = S.session && Array.isArray(S.session.questions) ? S.session.questions : [];
    const tb = tables().find((x) => x.number === S.table);
    const theme = tb ? tb.theme : null;
    return all.filter((q) => q.theme == null || q.theme === theme);
  }
  function questionById(id) {
    const all = S.session && Array.isArray(S.session.questions) ? S.session.questions : [];
    return all.find((q) => q.id === id) || null;
  }
  function openIds() {
    const st = S.session && S.session.state;
    return new Set(st && Array.isArray(st.open) ? st.open : []);
  }
  function pendingOverlay() {
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
  function answersFor(qid, o) {
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
      const vm = { id: a.id, text: a.text, mine: a.mine, highlighted: a.highlighted, state: a.mine ? 'saved' : null };
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
        if (f && vm.state === 'saved') {
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
  function effectiveVotes(o) {
    const v = new Set(S.votes);
    o.vote.forEach((on, id) => {
      if (on) v.add(id);
      else v.delete(id);
    });
    return v;
  }

  // ---------- rendering ----------

  function el(tag, attrs, text) {
    const n = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach((k) => n.setAttribute(k, attrs[k]));
    if (text != null) n.textContent = text;
    return n;
  }
  function setText(n, s) {
    const v = s == null ? '' : String(s);
    if (n.textContent !== v) n.textContent = v;
  }
  function setAttr(n, k, v) {
    if (v == null || v === false) {
      if (n.hasAttribute(k)) n.removeAttribute(k);
    } else if (n.getAttribute(k) !== String(v)) {
      n.setAttribute(k, String(v));
    }
  }
  function show(n, on) {
    if (n.hidden === !!on) n.hidden = !on;
  }
  function cssEscape(s) {
    return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
  }
  function setProse(n, text) {
    if (n.textContent !== text) n.textContent = text || '';
  }

  let nextUid = 0;
  const uid = (p) => p + '-' + ++nextUid;

  let renderQueued = false;
  const afterQueue = [];
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(render, 16); // a burst of messages becomes one render
  }
  function afterRender(fn) {
    afterQueue.push(fn);
  }

  // Keep an element under the same parent, in the order given, creating and updating by key.
  function syncList(parent, map, items, key, create, update) {
    const keep = new Set();
    items.forEach((item, i) => {
      const k = key(item);
      keep.add(k);
      let node = map.get(k);
      if (!node) {
        node = create(item);
        map.set(k, node);
      }
      update(node, item);
      const at = parent.children[i];
      if (at !== node) parent.insertBefore(node, at || null);
    });
    map.forEach((node, k) => {
      if (keep.has(k)) return;
      map.delete(k);
      rescueFocus(node);
      node.remove();
    });
  }
  function rescueFocus(node) {
    if (!node.contains(document.activeElement)) return;
    const art = node.parentNode && node.parentNode.closest ? node.parentNode.closest('article') : null;
    const h = art && art.querySelector('h3');
    (h || $('main')).focus({ preventScroll: true });
  }

  function render() {
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
      setText($('title'), 'Dialoogtafel');
      document.title = 'Dialoogtafel';
      const err = $('join-error');
      setText(err, S.joinError || '');
      show(err, !!S.joinError);
      setAttr($('join-code'), 'aria-invalid', S.joinError ? 'true' : null);
    } else {
      renderSession();
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

  function renderStatus() {
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

  function renderSession() {
    const sess = S.session;
    show($('loading'), !sess);
    const title = sess && sess.title ? sess.title : 'Dialoogtafel';
    setText($('title'), title);
    document.title = sess && sess.title ? sess.title + ' — Dialoogtafel' : 'Dialoogtafel';
    const intro = $('intro');
    show(intro, !!(sess && sess.intro));
    if (sess && sess.intro) {
      setProse($('intro-text'), sess.intro);
      const isSeated = seated();
      if (S.introSeated !== isSeated) {
        S.introSeated = isSeated;
        intro.open = !isSeated; // open while choosing a table, folded once seated
      }
    }
    const ended = isEnded();
    show($('ended'), ended);
    renderSeat(ended);
    renderChooser(ended);
    renderVoting(ended);
    renderQuestions(ended);
  }

  function renderSeat(ended) {
    const on = !!S.session && seated() && !S.choosing;
    show($('seat'), on);
    if (!on) return;
    setText($('seat-h'), t('youSit', S.table));
    const th = themeOf(S.table);
    const themeP = $('seat-theme');
    show(themeP, !!th);
    setText(themeP, th ? t('theme', th.title || th.id) : '');
    const ex = $('seat-explain');
    show(ex, !!(th && th.explanation));
    setProse($('seat-explain-text'), th && th.explanation ? th.explanation : '');
    show($('change-table'), !ended && tables().length > 1);
  }

  const tableButtons = new Map();
  function renderChooser(ended) {
    const on = !!S.session && !ended && (!seated() || S.choosing);
    show($('chooser'), on);
    if (!on) return;
    show($('cancel-choose'), seated());
    syncList($('tables'), tableButtons, tables(), (tb) => String(tb.number),
      (tb) => {
        const b = el('button', { type: 'button', class: 'table-button', 'data-action': 'choose-table', 'data-table': String(tb.number) });
        b.appendChild(el('span', { class: 'table-number' }));
        b.appendChild(el('span', { class: 'table-theme' }));
        b.appendChild(el('span', { class: 'table-current' }));
        return b;
      },
      (b, tb) => {
        setText(b.children[0], t('table', tb.number));
        const th = themeOf(tb.number);
        setText(b.children[1], th ? th.title || th.id : '');
        show(b.children[1], !!th);
        const current = S.table === tb.number;
        setText(b.children[2], current ? t('currentTable') : '');
        show(b.children[2], current);
        setAttr(b, 'aria-current', current ? 'true' : null);
        const moving = S.movingTo === tb.number;
        setAttr(b, 'data-state', moving ? 'pending' : null);
      });
  }

  const ballotItems = new Map();
  function renderVoting(ended) {
    const b = S.ballot;
    const on = !!b && !ended && seated() && !S.choosing;
    show($('voting'), on);
    if (!on) return;
    const q = questionById(b.question);
    setText($('voting-q'), q ? q.text : '');
    const o = pendingOverlay();
    const mineVotes = effectiveVotes(o);
    const answers = Array.isArray(b.answers) ? b.answers : [];
    const budget = typeof b.votes_per_device === 'number' ? b.votes_per_device : 3;
    const used = answers.filter((a) => mineVotes.has(a.id)).length;
    const left = Math.max(0, budget - used);
    const vl = $('votes-left');
    setText(vl, answers.length ? (left ? t('votesLeft', left, budget) : t('votesGone')) : t('noBallot'));
    setAttr(vl, 'data-left', String(left));
    syncList($('ballot'), ballotItems, answers, (a) => a.id,
      (a) => {
        const li = el('li', { class: 'ballot-item', 'data-ballot-answer': a.id });
        const textId = uid('ba');
        li.appendChild(el('p', { class: 'answer-text', dir: 'auto', id: textId }));
        const meta = el('p', { class: 'meta' });
        li.appendChild(meta);
        const btn = el('button', { type: 'button', class: 'vote-button', 'data-action': 'vote', 'data-answer': a.id, 'aria-pressed': 'false', 'aria-describedby': textId });
        btn.appendChild(el('span', { class: 'vote-mark', 'aria-hidden': 'true' }));
        btn.appendChild(el('span', { class: 'vote-label' }));
        li.appendChild(btn);
        return li;
      },
      (li, a) => {
        setText(li.children[0], a.text);
        const own = S.answers.get(a.id);
        setText(li.children[1], t('fromTable', a.table) + (own && own.mine ? ' · ' + t('ownAnswer') : ''));
        const voted = mineVotes.has(a.id);
        const pending = o.vote.has(a.id);
        setAttr(li, 'data-voted', voted ? 'true' : 'false');
        setAttr(li, 'data-state', pending ? 'pending' : 'saved');
        const btn = li.children[2];
        setAttr(btn, 'aria-pressed', voted ? 'true' : 'false');
        setText(btn.children[0], voted ? '✓' : '');
        setText(btn.children[1], t('vote') + (pending ? ' · ' + t('pending') : ''));
        btn.disabled = !voted && left === 0;
      });
  }

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
    const closedQs = all.filter((q) => !open.has(q.id) && lists.get(q.id).length);
    const items = [{ kind: 'h', key: 'h-open' }];
    if (!openQs.length) items.push({ kind: 'none', key: 'none' });
    openQs.forEach((q) => items.push({ kind: 'q', key: 'q:' + q.id, q: q }));
    if (closedQs.length) items.push({ kind: 'h', key: 'h-closed' });
    closedQs.forEach((q) => items.push({ kind: 'q', key: 'q:' + q.id, q: q }));
    syncList(box, questionEls, items, (it) => it.key,
      (it) => {
        if (it.kind === 'h') return el('h2', { class: 'questions-h', 'data-t': it.key === 'h-open' ? 'questions' : 'closedQuestions' }, t(it.key === 'h-open' ? 'questions' : 'closedQuestions'));
        if (it.kind === 'none') return el('p', { class: 'hint', id: 'no-open', 'data-t': 'noOpen' }, t('noOpen'));
        return createQuestion(it.q);
      },
      (n, it) => {
        if (it.kind === 'q') updateQuestion(n, it.q, open.has(it.q.id), it.q.id === focus, ended, lists.get(it.q.id));
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

  function createAnswer() {
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

  function updateAnswer(li, a, isOpen, ended) {
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

  // ---------- the live region ----------

  let liveTimer = 0;
  function say(text, kind) {
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

  // ---------- what the person does ----------

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

  function onClick(ev) {
    const b = ev.target.closest('[data-action]');
    if (!b || b.disabled) return;
    const action = b.getAttribute('data-action');
    const id = answerIdOf(b);
    if (action === 'choose-table') {
      if (isEnded()) return;
      const n = Number(b.getAttribute('data-table'));
      if (n === S.table && S.choosing) {
        S.choosing = false;
        afterRender(() => $('seat-h').focus());
      } else {
        chooseTable(n);
      }
    } else if (action === 'change-table') {
      S.choosing = true;
      afterRender(() => $('chooser-h').focus());
    } else if (action === 'cancel-choose') {
      S.choosing = false;
      afterRender(() => $('change-table').focus());
    } else if (action === 'edit' && id) {
      S.editing.add(id);
      S.confirming = null;
      focusIn(id, '.edit-form textarea');
    } else if (action === 'edit-cancel' && id) {
      S.editing.delete(id);
      focusIn(id, '[data-action="edit"]');
    } else if (action === 'withdraw' && id) {
      S.confirming = id;
      S.editing.delete(id);
      focusIn(id, '[data-action="withdraw-no"]');
    } else if (action === 'withdraw-no' && id) {
      S.confirming = null;
      focusIn(id, '[data-action="withdraw"]');
    } else if (action === 'withdraw-yes' && id) {
      S.confirming = null;
      queue({ type: 'withdraw', id: uuid4(), answer: id });
      afterRender(() => {
        const li = document.querySelector('[data-answer-id="' + cssEscape(id) + '"]');
        if (li) li.focus();
      });
    } else if (action === 'dismiss') {
      const li = b.closest('[data-answer-id]');
      const failId = li && li.getAttribute('data-fail-id');
      if (failId) S.failed.delete(failId);
      const art = b.closest('article');
      afterRender(() => {
        const h = art && art.isConnected && art.querySelector('h3');
        if (h) h.focus();
      });
    } else if (action === 'vote') {
      if (isEnded()) return;
      const answer = b.getAttribute('data-answer');
      const on = b.getAttribute('aria-pressed') !== 'true';
      queue({ type: 'vote', id: uuid4(), answer: answer, on: on });
    } else {
      return;
    }
    render();
  }

  function onSubmit(ev) {
    const form = ev.target;
    if (form.id === 'join-form') {
      ev.preventDefault();
      const code = $('join-code').value.replace(/[\s-]/g, '').toUpperCase();
      if (!CODE_RE.test(code)) {
        S.joinError = t('codeBad');
        render();
        $('join-code').focus();
        return;
      }
      location.assign('/s/' + code);
      return;
    }
    if (form.classList.contains('answer-form')) {
      ev.preventDefault();
      submitAnswer(form);
    } else if (form.classList.contains('edit-form')) {
      ev.preventDefault();
      submitEdit(form);
    }
  }

  function tooBig(msg) {
    return utf8Length(JSON.stringify(msg)) > MAX_FRAME;
  }

  function submitAnswer(form) {
    if (isEnded()) return;
    const art = form.closest('[data-question]');
    const qid = art.getAttribute('data-question');
    const ta = form.querySelector('textarea');
    const text = ta.value;
    if (!text.trim()) {
      say(t('empty'), 'error');
      ta.focus();
      return;
    }
    const msg = { type: 'answer', id: uuid4(), question: qid, text: text };
    if (text.length > MAX_CHARS || tooBig(msg)) {
      say(t('tooLong'), 'error');
      return;
    }
    queue(msg);
    ta.value = '';
    delete S.drafts[qid];
    saveDrafts();
    render();
    ta.focus();
  }

  function submitEdit(form) {
    const li = form.closest('[data-answer-id]');
    const id = li.getAttribute('data-answer-id');
    const ta = form.querySelector('textarea');
    const text = ta.value;
    if (!text.trim()) {
      say(t('empty'), 'error');
      ta.focus();
      return;
    }
    const msg = { type: 'edit', id: uuid4(), answer: id, text: text };
    if (text.length > MAX_CHARS || tooBig(msg)) {
      say(t('tooLong'), 'error');
      return;
    }
    S.editing.delete(id);
    if (text !== li.querySelector('.answer-text').textContent) queue(msg);
    focusIn(id, '[data-action="edit"]');
    render();
  }

  function onInput(ev) {
    const ta = ev.target;
    if (ta.tagName !== 'TEXTAREA' || !ta.closest('.answer-form')) return;
    const qid = ta.closest('[data-question]').getAttribute('data-question');
    S.drafts[qid] = ta.value;
    saveDrafts();
  }

  function onKeydown(ev) {
    // Ctrl/Cmd+Enter sends from a text field; plain Enter makes a new line
    if (ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey) || ev.target.tagName !== 'TEXTAREA') return;
    const form = ev.target.form;
    if (!form) return;
    ev.preventDefault();
    if (form.classList.contains('answer-form')) submitAnswer(form);
    else if (form.classList.contains('edit-form')) submitEdit(form);
  }

  // ---------- start ----------

  function dropTableParam() {
    if (!/[?&]t=/.test(location.search)) return;
    try {
      history.replaceState(null, '', location.pathname);
    } catch (e) {
      /* the URL keeps its ?t, harmless */
    }
  }

  function showJoin(code, error) {
    S.mode = 'join';
    S.joinError = error || null;
    if (code) $('join-code').value = code;
    render();
    if (error) $('join-code').focus();
  }

  function start() {
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
    connect();
  }

  start();
})();
