/* Dialoogtafel phone page, view: the session's title, its intro (folded once seated) and the ended notice. */

import { $, setProse, setText, show } from './dom.js';
import { S, seated } from './state.js';

export const view = {
  render(ended) {
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
    show($('ended'), ended);
  },
};
