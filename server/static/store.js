/* Dialoogtafel phone page: storage (localStorage, or memory when the browser refuses), ids and the device token. */

const KEY = 'dialoogtafel.';
const KEEP_DAYS = 7; // cached snapshots and drafts older than this are cleared

export const store = (function () {
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
export function uuid4() {
  // crypto.randomUUID exists only in secure contexts; a LAN address over http is not one
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hex(b);
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}
export function deviceToken() {
  let d = store.get('device');
  if (typeof d !== 'string' || !/^[0-9a-f]{32,128}$/.test(d)) {
    d = randomHex(24); // 192 bits
    store.set('device', d);
  }
  return d;
}
export function utf8Length(s) {
  return new TextEncoder().encode(s).length;
}
export function cleanOld() {
  const limit = Date.now() - KEEP_DAYS * 864e5;
  store.keys().forEach((k) => {
    if (k.indexOf('snap.') !== 0 && k.indexOf('drafts.') !== 0) return;
    const v = store.get(k);
    if (!v || typeof v.at !== 'number' || v.at < limit) store.del(k);
  });
}
