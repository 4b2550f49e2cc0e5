/* Dialoogtafel phone page, view: the table host toggle (#host) under the own table, and the notices of a new
   round (#round): "kies opnieuw je tafel" for those who move, "je blijft aan tafel N" for the host. */

import { $, setAttr, setText, show } from './dom.js';
import { queue } from './outbox.js';
import { isEnded, S, seated } from './state.js';
import { uuid4 } from './store.js';
import { t } from './texts.js';

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

export function round() {
  const st = S.session && S.session.state;
  return st && typeof st.round === 'number' ? st.round : 1;
}

// The host setting as it will be once the outbox is sent: what the person chose shows at once.
function hostNow() {
  const c = S.outbox.filter((x) => x.type === 'host').pop();
  return c ? c.on : S.host;
}

export const view = {
  render(ended) {
    const r = round();
    const roundBox = $('round');
    show(roundBox, !ended && r > 1 && !!S.session);
    setText($('round-h'), t('roundN', r));
    const text = seated() ? (S.host ? t('roundHost', S.table) : t('roundSeated', S.table)) : t('roundChoose');
    setText($('round-text'), cap(text));
    const on = !!S.session && seated() && !S.choosing && !ended;
    show($('host'), on);
    if (!on) return;
    const host = hostNow();
    const b = $('host-toggle');
    setAttr(b, 'aria-pressed', host ? 'true' : 'false');
    setText(b, t(host ? 'hostOn' : 'hostOff'));
    setAttr(b, 'data-state', S.outbox.some((x) => x.type === 'host') ? 'pending' : null);
  },
  actions: {
    'toggle-host'() {
      if (isEnded() || !seated()) return false;
      queue({ type: 'host', id: uuid4(), on: !hostNow() });
    },
  },
};
