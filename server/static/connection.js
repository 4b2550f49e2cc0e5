/* Dialoogtafel phone page: the WebSocket to /ws: hello, keep-alive pings, dead-socket detection and reconnecting
   with back-off. Frames that arrive go to the handler given to connect (messages.js). */

import { scheduleRender } from './render.js';
import { S } from './state.js';
import { say } from './status.js';
import { deviceToken } from './store.js';
import { t } from './texts.js';

const PING_MS = 25000;
const PONG_MS = 10000;
const PROBE_MS = 5000;
const CONNECT_MS = 10000;
const BACKOFF_CAP = 10000;

let onFrame = null; // what to do with each frame's text (set by connect)
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
// Open the socket (again, when it is already gone); handler gets every frame's text.
export function connect(handler) {
  if (handler) onFrame = handler;
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
    // only a table the person chose by scanning (?t=); the server keeps the seat, and after a new round a
    // phone that was away must choose again rather than be put back at its old table
    const table = S.wantTable;
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
  retryTimer = setTimeout(() => connect(), base / 2 + (Math.random() * base) / 2);
}
function probe(ms) {
  const sock = ws;
  if (!sock || sock.readyState !== WebSocket.OPEN) return;
  sock.send('{"type":"ping"}');
  clearTimeout(pongTimer);
  pongTimer = setTimeout(() => abandon(sock), ms);
}
export function wake() {
  if (S.mode !== 'session' || S.conn === 'stopped') return;
  if (ws && ws.readyState === WebSocket.OPEN) {
    probe(PROBE_MS); // a phone that slept may hold a socket that died silently
  } else if (!ws || ws.readyState !== WebSocket.CONNECTING) {
    attempt = 0;
    connect();
  }
}
// A welcome: the next loss starts again from the shortest wait.
export function resetBackoff() {
  attempt = 0;
}
export function stop() {
  S.conn = 'stopped';
  clearTimeout(retryTimer);
  clearInterval(pingTimer);
  clearTimeout(pongTimer);
  clearTimeout(connectTimer);
  const sock = ws;
  ws = null;
  if (sock) abandon(sock);
}
export function sendFrame(msg) {
  if (ws && ws.readyState === WebSocket.OPEN && S.welcomed) ws.send(JSON.stringify(msg));
}
