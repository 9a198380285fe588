// Webhooks: subscribe a URL to change events (signed with HMAC-SHA256; the signing secret is shown once),
// see each one's delivery state and recent failures, resume a suspended one, delete.

import {h, fill, field, time, toast, confirmAction} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, list, summary} from './forms.js';

export function render(main) {
  const table = h('div', {}, h('p', {class: 'muted'}, 'Loading…'));
  const secretBox = h('div', {'aria-live': 'polite'});
  const url = h('input', {type: 'url', 'data-field': 'url', required: true, placeholder: 'https://example.com/onefold'});
  const types = h('input', {'data-field': 'event_types', placeholder: 'all, or e.g. profile.merged, profile.deleted'});
  const sum = summary();
  const form = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'new-hook-h'}, h('h2', {id: 'new-hook-h'}, 'New webhook'), sum,
    h('div', {class: 'row'}, field('URL', url), field('Event types', types)),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Subscribe')));

  const load = () => api.get(api.ADMIN, '/webhooks').then(r => {
    const rows = r.entities || [];
    if (!rows.length) return fill(table, h('p', {}, 'No webhook yet.'));
    fill(table, h('table', {class: 'grid', 'data-test': 'webhooks'}, h('caption', {class: 'sr-only'}, 'Webhooks'),
      h('thead', {}, h('tr', {}, ['URL', 'Events', 'State', 'Delivered through', 'Failures', 'Created', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map(w => h('tr', {},
        h('td', {}, w.url), h('td', {}, (w.event_types || []).join(', ') || 'all'),
        h('td', {}, h('span', {class: `badge ${w.status === 'ACTIVE' ? 'ok' : 'warn'}`}, w.status.toLowerCase())),
        h('td', {}, w.delivered_through), h('td', {}, w.consecutive_failures,
          w.recent_failures?.length ? h('details', {}, h('summary', {}, 'recent'), h('ul', {}, w.recent_failures.map(f => h('li', {}, typeof f === 'string' ? f : JSON.stringify(f))))) : null),
        h('td', {}, time(w.created_at)),
        h('td', {class: 'actions'},
          w.status === 'ACTIVE' ? null : h('button', {type: 'button', onclick: async () => {
            try { await api.post(api.ADMIN, `/webhooks/${api.seg(w.id)}/resume`); toast('Resumed.'); load(); } catch (e) { fill(secretBox, errorBox(e)); }
          }}, 'Resume'),
          h('button', {type: 'button', class: 'danger', onclick: async () => {
            if (!await confirmAction('Delete this webhook?', `${w.url} will receive no more events.`, 'Delete', true)) return;
            try { await api.del(api.ADMIN, `/webhooks/${api.seg(w.id)}`); toast('Deleted.'); load(); } catch (e) { fill(secretBox, errorBox(e)); }
          }}, 'Delete')))))));
  }).catch(e => fill(table, errorBox(e)));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form);
    try {
      const w = await api.post(api.ADMIN, '/webhooks', {url: url.value.trim(), event_types: list(types.value)});
      fill(secretBox, h('div', {class: 'card secret', role: 'alert'}, h('p', {}, `Signing secret for ${w.url} — shown once, store it now:`), h('code', {'data-test': 'webhook-secret-once'}, w.secret)));
      form.reset();
      load();
    } catch (err) { showErrors(form, err); }
  });
  fill(main, h('h1', {}, 'Webhooks'), secretBox, table, form);
  load();
}
