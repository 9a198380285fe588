// OAuth clients of the organization: create (Read / Write / Admin, bound to the sources it may write as),
// rotate a secret, delete. A secret is shown once, right after it is made, and never again.

import {h, fill, field, time, toast, confirmAction} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, list, summary} from './forms.js';

export function render(main) {
  const table = h('div', {}, h('p', {class: 'muted'}, 'Loading…'));
  const secretBox = h('div', {'aria-live': 'polite'});
  const id = h('input', {'data-field': 'client_id', required: true, 'data-test': 'new-client-id'});
  const perms = [[api.READ, 'Read'], [api.WRITE, 'Write'], [api.ADMIN, 'Admin']].map(([p, label]) =>
    h('label', {class: 'check'}, h('input', {type: 'checkbox', value: p, checked: p === api.READ, 'data-test': `perm-${label.toLowerCase()}`}), ' ', label));
  const sources = h('input', {'data-field': 'sources', placeholder: 'e.g. salesforce_crm, voice_ivr (or *)', 'data-test': 'new-client-sources'});
  const cidrs = h('input', {'data-field': 'cidrs', placeholder: 'optional, e.g. 10.0.0.0/8'});
  const sum = summary();
  const form = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'new-client-h'}, h('h2', {id: 'new-client-h'}, 'New client'), sum,
    h('div', {class: 'row'}, field('Client id', id, 'Outside the default organization the id becomes name@organization: use the id shown after creation.'),
      h('fieldset', {'data-field': 'permissions', tabindex: '-1'}, h('legend', {}, 'Permissions'), perms),
      field('Sources it may write as', sources), field('Allowed networks', cidrs)),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary', 'data-test': 'create-client'}, 'Create client')));

  const shown = (clientId, secret) => fill(secretBox, h('div', {class: 'card secret', role: 'alert'},
    h('p', {}, 'Secret of ', h('code', {'data-test': 'client-id-once'}, clientId), ' — shown once, store it now:'), h('code', {'data-test': 'client-secret-once'}, secret)));

  const load = () => api.get(api.ADMIN, '/clients').then(r => {
    fill(table, h('table', {class: 'grid', 'data-test': 'clients'}, h('caption', {class: 'sr-only'}, 'Clients'),
      h('thead', {}, h('tr', {}, ['Client', 'Permissions', 'Sources', 'Networks', 'Created', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, (r.entities || []).map(c => h('tr', {},
        h('td', {}, c.client_id), h('td', {}, (c.permissions || []).map(p => p.replace('CustomerProfile:', '')).join(', ')),
        h('td', {}, (c.sources || []).join(', ') || '—'), h('td', {}, (c.cidrs || []).join(', ') || 'any'), h('td', {}, time(c.created_at)),
        h('td', {class: 'actions'},
          h('button', {type: 'button', onclick: async () => {
            if (!await confirmAction(`Rotate the secret of ${c.client_id}?`, 'The old secret stops working at once; tokens already issued stay valid until they expire.', 'Rotate')) return;
            try {
              const x = await api.post(api.ADMIN, `/clients/${api.seg(c.client_id)}/rotate-secret`);
              shown(c.client_id, x.client_secret);
            } catch (e) { fill(secretBox, errorBox(e)); }
          }}, 'Rotate secret'),
          c.client_id === api.clientId() ? null : h('button', {type: 'button', class: 'danger', onclick: async () => {
            if (!await confirmAction(`Delete ${c.client_id}?`, 'Its tokens stop working at once.', 'Delete', true)) return;
            try {
              await api.del(api.ADMIN, `/clients/${api.seg(c.client_id)}`);
              toast(`Deleted ${c.client_id}.`);
              load();
            } catch (e) { fill(secretBox, errorBox(e)); }
          }}, 'Delete')))))));
  }).catch(e => fill(table, errorBox(e)));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form);
    const body = {client_id: id.value.trim(), permissions: perms.map(l => l.querySelector('input')).filter(c => c.checked).map(c => c.value),
      sources: list(sources.value)};
    if (list(cidrs.value).length) body.cidrs = list(cidrs.value);
    try {
      const c = await api.post(api.ADMIN, '/clients', body);
      shown(c.client_id, c.client_secret);
      form.reset();
      load();
    } catch (err) { showErrors(form, err); }
  });
  fill(main, h('h1', {}, 'Clients'), secretBox, table, form);
  load();
}
