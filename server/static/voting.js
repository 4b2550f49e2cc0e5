/* Dialoogtafel phone page, view: voting (#voting): the ballot, a toggle per answer and the votes left. */

import { $, el, setAttr, setText, show, syncList, uid } from './dom.js';
import { queue } from './outbox.js';
import { effectiveVotes, isEnded, pendingOverlay, questionById, S, seated } from './state.js';
import { uuid4 } from './store.js';
import { t } from './texts.js';

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

export const view = {
  render: renderVoting,
  actions: {
    vote(b) {
      if (isEnded()) return false;
      const answer = b.getAttribute('data-answer');
      const on = b.getAttribute('aria-pressed') !== 'true';
      queue({ type: 'vote', id: uuid4(), answer: answer, on: on });
    },
  },
};
