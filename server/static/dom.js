/* Dialoogtafel phone page: DOM helpers. Text only ever goes into the page through textContent. */

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs, text) {
  const n = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach((k) => n.setAttribute(k, attrs[k]));
  if (text != null) n.textContent = text;
  return n;
}
export function setText(n, s) {
  const v = s == null ? '' : String(s);
  if (n.textContent !== v) n.textContent = v;
}
export function setAttr(n, k, v) {
  if (v == null || v === false) {
    if (n.hasAttribute(k)) n.removeAttribute(k);
  } else if (n.getAttribute(k) !== String(v)) {
    n.setAttribute(k, String(v));
  }
}
export function show(n, on) {
  if (n.hidden === !!on) n.hidden = !on;
}
export function cssEscape(s) {
  return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&');
}
export function setProse(n, text) {
  if (n.textContent !== text) n.textContent = text || '';
}

let nextUid = 0;
export const uid = (p) => p + '-' + ++nextUid;

// Keep an element under the same parent, in the order given, creating and updating by key.
export function syncList(parent, map, items, key, create, update) {
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
export function rescueFocus(node) {
  if (!node.contains(document.activeElement)) return;
  const art = node.parentNode && node.parentNode.closest ? node.parentNode.closest('article') : null;
  const h = art && art.querySelector('h3');
  (h || $('main')).focus({ preventScroll: true });
}
