// Building the page from data without innerHTML: every value becomes a text node, so nothing a profile
// holds can ever run as markup (the server's Content-Security-Policy forbids inline script besides).

/** h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', child…) */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:') ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let unique = 0;
/** A fresh id, to tie a label or an error message to its control. */
export function uid(prefix = 'f') {
  return `${prefix}-${++unique}`;
}

/** A labelled control: <label for=id>text</label><control id=id>. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid();
  const wrap = h('div', {class: 'field'}, h('label', {for: control.id}, label), control);
  if (hint) {
    const hintEl = h('small', {id: uid('hint'), class: 'hint'}, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return wrap;
}

/** A value as short readable text: strings as they are, everything else as compact JSON. */
export function show(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** An ISO instant as the reader's local time, keeping the ISO text in a tooltip. */
export function time(iso) {
  if (!iso) return h('span', {}, '—');
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, isNaN(d) ? iso : d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}));
}

/**
 * Asks before an action, in a modal <dialog> (keyboard: Tab between the buttons, Escape cancels).
 * Resolves true only when the user confirms.
 */
export function confirmAction(title, text, confirmLabel = 'Confirm', danger = false) {
  return new Promise(resolve => {
    const titleId = uid('dlg');
    const yes = h('button', {type: 'button', class: danger ? 'danger' : 'primary', 'data-test': 'confirm'}, confirmLabel);
    const no = h('button', {type: 'button'}, 'Cancel');
    const dlg = h('dialog', {'aria-labelledby': titleId, class: 'confirm'},
      h('h2', {id: titleId}, title), h('p', {}, text), h('div', {class: 'buttons'}, no, yes));
    const done = ok => { dlg.close(); dlg.remove(); resolve(ok); };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', e => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}

/** A short message in the live region (screen readers announce it). */
export function toast(text, kind = 'ok') {
  const t = document.getElementById('toast');
  fill(t, h('div', {class: `toast ${kind}`}, text));
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.replaceChildren(), 6000);
}
