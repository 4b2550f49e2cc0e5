/* Dialoogtafel phone page, view: the own table (#seat) and the table chooser (#chooser). */

import { $, el, setAttr, setProse, setText, show, syncList } from './dom.js';
import { chooseTable } from './outbox.js';
import { afterRender } from './render.js';
import { isEnded, S, seated, tables, themeOf } from './state.js';
import { t } from './texts.js';

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

export const view = {
  render(ended) {
    renderSeat(ended);
    renderChooser(ended);
  },
  actions: {
    'choose-table'(b) {
      if (isEnded()) return false;
      const n = Number(b.getAttribute('data-table'));
      if (n === S.table && S.choosing) {
        S.choosing = false;
        afterRender(() => $('seat-h').focus());
      } else {
        chooseTable(n);
      }
    },
    'change-table'() {
      S.choosing = true;
      afterRender(() => $('chooser-h').focus());
    },
    'cancel-choose'() {
      S.choosing = false;
      afterRender(() => $('change-table').focus());
    },
  },
};
