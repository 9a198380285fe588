// Live tail of change events. The stream is read with fetch and a ReadableStream, not EventSource: EventSource
// cannot send an Authorization header, and a token in the URL would end up in logs and history.

import {h, fill, field, time} from './dom.js';
import * as api from './api.js';
import {errorBox, message} from './forms.js';

const KEEP = 200;

export function render(main) {
  const types = h('input', {placeholder: 'all types, or e.g. profile.merged,profile.unmerged', 'data-test': 'event-types'});
  const from = h('input', {type: 'number', min: 0, placeholder: 'live only', class: 'narrow'});
  const toggle = h('button', {type: 'button', class: 'primary', 'data-test': 'tail-toggle'}, 'Start');
  const state = h('p', {class: 'muted', role: 'status', 'data-test': 'tail-state'}, 'Stopped.');
  const list = h('ol', {class: 'events', reversed: true, 'data-test': 'events', 'aria-label': 'Events, newest first'});
  let controller = null;
  let last = null;

  const stop = (why = 'Stopped.') => {
    controller?.abort();
    controller = null;
    toggle.textContent = 'Start';
    state.textContent = why;
  };
  const start = async () => {
    controller = new AbortController();
    toggle.textContent = 'Stop';
    const q = new URLSearchParams();
    if (types.value.trim()) q.set('types', types.value.replace(/\s+/g, ''));
    const resume = last ?? (from.value !== '' ? from.value : null);
    try {
      const headers = {...api.authorization(api.READ), Accept: 'text/event-stream'};
      if (resume !== null) headers['Last-Event-ID'] = String(resume);
      const r = await fetch(`${api.BASE}/events${q.size ? '?' + q : ''}`, {headers, signal: controller.signal, credentials: 'omit', cache: 'no-store'});
      if (!r.ok) {
        await api.answer(r);
        return;
      }
      state.textContent = `Listening${resume !== null ? ` from position ${resume}` : ' (new events only)'}…`;
      await read(r.body, ev => {
        last = ev.id ?? last;
        list.prepend(entry(ev));
        while (list.children.length > KEEP) list.lastElementChild.remove();
      });
      stop('The server closed the stream.');
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (controller) stop(message(e));
    }
  };
  toggle.addEventListener('click', () => (controller ? stop() : start()));
  fill(main, h('h1', {}, 'Live events'),
    h('div', {class: 'card row'}, field('Event types', types), field('Resume after position', from), h('div', {class: 'buttons'}, toggle)),
    state, list);
  return () => stop();
}

/** Parses text/event-stream: blank-line separated blocks of `field: value` lines; comments start with ':'. */
async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const ev = {type: 'message', data: ''};
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const key = i < 0 ? line : line.slice(0, i);
        const val = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        if (key === 'event') ev.type = val;
        else if (key === 'id') ev.id = val;
        else if (key === 'data') ev.data += (ev.data ? '\n' : '') + val;
      }
      if (ev.data) onEvent(ev);
    }
  }
}

function entry(ev) {
  let doc = {};
  try { doc = JSON.parse(ev.data); } catch { /* shown raw below */ }
  const pid = doc.profile_id;
  const changed = Object.keys(doc.changes || {});
  return h('li', {class: 'event', 'data-type': ev.type},
    h('span', {class: 'pos'}, `#${ev.id}`), ' ', h('strong', {}, ev.type), ' ',
    doc.at || doc.occurred_at ? time(doc.at || doc.occurred_at) : null,
    pid ? [' ', h('a', {href: `#/profiles/${encodeURIComponent(pid)}`}, pid)] : null,
    doc.source ? ` · ${doc.source}` : '',
    changed.length ? ` · ${changed.join(', ')}` : '',
    doc.name ? ` · ${doc.kind} ${doc.name}` : '');
}
