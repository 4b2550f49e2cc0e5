/* Dialoogtafel phone page, view: the code form (#join), shown at / and for a code no session has. */

import { $, setAttr, setText, show } from './dom.js';
import { render } from './render.js';
import { S } from './state.js';
import { t } from './texts.js';

export const CODE_RE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4,6}$/;

export function showJoin(code, error) {
  S.mode = 'join';
  S.joinError = error || null;
  if (code) $('join-code').value = code;
  render();
  if (error) $('join-code').focus();
}

export const view = {
  render() {
    setText($('title'), 'Dialoogtafel');
    document.title = 'Dialoogtafel';
    const err = $('join-error');
    setText(err, S.joinError || '');
    show(err, !!S.joinError);
    setAttr($('join-code'), 'aria-invalid', S.joinError ? 'true' : null);
  },
  submit(form, ev) {
    if (form.id !== 'join-form') return false;
    ev.preventDefault();
    const code = $('join-code').value.replace(/[\s-]/g, '').toUpperCase();
    if (!CODE_RE.test(code)) {
      S.joinError = t('codeBad');
      render();
      $('join-code').focus();
      return true;
    }
    location.assign('/s/' + code);
    return true;
  },
};
