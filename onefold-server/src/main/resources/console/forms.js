// Showing what the server refused: each `details[].field` (e.g. `attributes[2].type`) next to the control
// that carries `data-field` of the same path, and anything without a control in the form's summary.

import {h, fill, uid} from './dom.js';
import {ApiError, NotPermitted} from './api.js';

/** Clears earlier marks in a form. */
export function clearErrors(root) {
  root.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  root.querySelectorAll('.field-error').forEach(el => el.remove());
  root.querySelectorAll('.summary').forEach(el => el.replaceChildren());
}

/**
 * Marks each offending control and writes its reason beside it; returns how many could not be placed
 * (they go to the summary, which is focused so that a keyboard or screen-reader user hears the result).
 */
export function showErrors(root, error) {
  clearErrors(root);
  const summary = root.querySelector('.summary');
  const unplaced = [];
  let first = null;
  const details = error instanceof ApiError ? error.details : [];
  for (const d of details) {
    const control = root.querySelector(`[data-field="${CSS.escape(d.field)}"]`);
    if (!control) {
      // a detail that only repeats the message adds nothing to the summary
      if (d.field || !error.message.includes(d.reason)) unplaced.push(d);
      continue;
    }
    const msg = h('span', {class: 'field-error', id: uid('err'), role: 'note'}, d.reason);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-errormessage', msg.id);
    control.insertAdjacentElement('afterend', msg);
    first = first || control;
  }
  if (summary) {
    fill(summary, h('p', {class: 'error', role: 'alert'}, message(error)),
      unplaced.length ? h('ul', {class: 'error-list'}, unplaced.map(d => h('li', {}, d.field ? [h('code', {}, d.field), ': '] : null, d.reason))) : null);
  }
  (first || summary)?.focus?.();
  return unplaced.length;
}

export function message(error) {
  if (error instanceof ApiError) return `${error.status} ${error.body.code || ''} — ${error.message}`;
  if (error instanceof NotPermitted) return error.message;
  return String(error?.message || error);
}

/** A box for a page-level failure (a load that failed). */
export function errorBox(error) {
  return h('p', {class: 'error', role: 'alert'}, message(error));
}

/** Comma- or newline-separated text → list of trimmed, non-empty strings. */
export function list(text) {
  return String(text || '').split(/[,\n]/).map(s => s.trim()).filter(Boolean);
}

/** An empty summary area to put at the top of a form. */
export function summary() {
  return h('div', {class: 'summary', tabindex: '-1'});
}
