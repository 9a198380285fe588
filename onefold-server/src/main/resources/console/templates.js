// Profile templates: the list, and an editor that is both a form (one row per attribute) and the JSON
// itself; both edit the same object, so attribute options the form has no column for are kept.

import {h, fill, field, time, toast, confirmAction} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, list, summary, message} from './forms.js';
import {follow} from './jobs.js';

const TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'object', 'array'];
const NORMALIZATIONS = ['', 'none', 'email', 'phone'];

export function render(main, [action, name]) {
  if (action === 'new') return editor(main, null);
  if (action === 'edit' && name) return editor(main, name);
  return listPage(main);
}

function listPage(main) {
  const body = h('div', {}, h('p', {class: 'muted'}, 'Loading…'));
  const jobBox = h('div', {'aria-live': 'polite'});
  let stop = null;
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Profile templates'),
    h('a', {class: 'button primary', href: '#/templates/new'}, 'New template')), jobBox, body);
  api.get(api.READ, '/profile-templates').then(r => {
    const rows = (r.entities || r.templates || r || []);
    if (!rows.length) return fill(body, h('p', {}, 'No template yet. The first one you create becomes active.'));
    fill(body, h('table', {class: 'grid'}, h('caption', {class: 'sr-only'}, 'Templates'),
      h('thead', {}, h('tr', {}, ['Name', 'Version', 'Attributes', 'Identifiers', 'Created', 'State', ''].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map(t => h('tr', {},
        h('td', {}, h('a', {href: `#/templates/edit/${encodeURIComponent(t.template_name)}`}, t.template_name)),
        h('td', {}, t.version), h('td', {}, (t.attributes || []).length),
        h('td', {}, (t.attributes || []).filter(a => a.is_identifier).map(a => a.name).join(', ')),
        h('td', {}, time(t.created_at)),
        h('td', {}, t.active ? h('span', {class: 'badge ok'}, 'active') : h('span', {class: 'badge'}, 'inactive')),
        h('td', {class: 'actions'}, t.active ? null : h('button', {type: 'button', onclick: async () => {
          if (!await confirmAction(`Activate ${t.template_name}?`, 'Every stored profile is re-resolved against this template in a background job.', 'Activate')) return;
          try {
            const job = await api.post(api.ADMIN, `/profile-templates/${api.seg(t.template_name)}/activate`);
            stop = follow(jobBox, job, `Activating ${t.template_name}`);
          } catch (e) { fill(jobBox, errorBox(e)); }
        }}, 'Activate')))))));
  }).catch(e => fill(body, errorBox(e)));
  return () => stop && stop();
}

/** The editor for a new template (name null) or a new version of an existing one. */
function editor(main, name) {
  let doc = {template_name: '', description: '', attributes: [{name: 'email', type: 'string', is_identifier: true, is_required: false, cardinality: 'single', normalization: 'email'}]};
  let mode = 'form';
  const sum = summary();
  const formBox = h('div');
  const jsonArea = h('textarea', {rows: 24, spellcheck: 'false', class: 'code', 'data-field': '', 'data-test': 'template-json'});
  const jsonBox = h('div', {hidden: true}, field('Template as JSON (the guide\u2019s payload; every extension is accepted)', jsonArea));
  const formTab = h('button', {type: 'button', 'aria-pressed': 'true', 'data-test': 'tab-form'}, 'Form');
  const jsonTab = h('button', {type: 'button', 'aria-pressed': 'false', 'data-test': 'tab-json'}, 'JSON');
  const save = h('button', {type: 'submit', class: 'primary', 'data-test': 'save-template'}, name ? 'Save new version' : 'Create template');
  const form = h('form', {class: 'card editor', novalidate: true, 'aria-labelledby': 'tpl-title'},
    h('div', {class: 'page-head'}, h('h1', {id: 'tpl-title'}, name ? `Template ${name}` : 'New profile template'),
      h('div', {class: 'tabs', role: 'group', 'aria-label': 'Edit as'}, formTab, jsonTab)),
    sum, formBox, jsonBox, h('div', {class: 'buttons'}, h('a', {class: 'button', href: '#/templates'}, 'Back to templates'), save));

  const toJson = () => { jsonArea.value = JSON.stringify(doc, null, 2); };
  const fromJson = () => {
    try {
      doc = JSON.parse(jsonArea.value);
      return true;
    } catch (e) {
      fill(sum, h('p', {class: 'error', role: 'alert'}, `The JSON does not parse: ${e.message}`));
      sum.focus();
      return false;
    }
  };
  const setMode = m => {
    if (m === mode) return;
    if (m === 'form' && !fromJson()) return;
    if (m === 'json') toJson();
    mode = m;
    formTab.setAttribute('aria-pressed', String(m === 'form'));
    jsonTab.setAttribute('aria-pressed', String(m === 'json'));
    formBox.hidden = m !== 'form';
    jsonBox.hidden = m !== 'json';
    if (m === 'form') drawForm();
  };
  formTab.addEventListener('click', () => setMode('form'));
  jsonTab.addEventListener('click', () => setMode('json'));

  function drawForm() {
    const rows = h('tbody');
    const redraw = () => fill(rows, doc.attributes.map((a, i) => attributeRow(a, i)));
    function attributeRow(a, i) {
      const p = `attributes[${i}]`;
      const input = (key, attrs = {}) => {
        const el = h('input', {value: a[key] ?? '', 'data-field': `${p}.${key}`, 'aria-label': `${key.replace('_', ' ')} of attribute ${i + 1}`, ...attrs});
        el.addEventListener('input', () => { a[key] = el.value; });
        return el;
      };
      const select = (key, options, label) => {
        const el = h('select', {'data-field': `${p}.${key}`, 'aria-label': `${label} of attribute ${i + 1}`},
          options.map(o => h('option', {value: o, selected: (a[key] ?? '') === o}, o || 'default')));
        el.addEventListener('change', () => { if (el.value) a[key] = el.value; else delete a[key]; });
        return el;
      };
      const check = (key, label, dflt) => {
        const el = h('input', {type: 'checkbox', checked: a[key] ?? dflt, 'data-field': `${p}.${key}`, 'aria-label': `${label} (attribute ${i + 1})`});
        el.addEventListener('change', () => { a[key] = el.checked; });
        return el;
      };
      const max = h('input', {type: 'number', min: 1, value: a.max_values ?? '', 'data-field': `${p}.max_values`, 'aria-label': `max values of attribute ${i + 1}`, class: 'narrow'});
      max.addEventListener('input', () => { if (max.value === '') delete a.max_values; else a.max_values = Number(max.value); });
      const blocked = h('input', {value: (a.blocked_values || []).join(', '), 'data-field': `${p}.blocked_values`, 'aria-label': `blocked values of attribute ${i + 1}`});
      blocked.addEventListener('input', () => { const l = list(blocked.value); if (l.length) a.blocked_values = l; else delete a.blocked_values; });
      return h('tr', {},
        h('td', {}, input('name', {'data-test': `attr-name-${i}`})),
        h('td', {}, select('type', TYPES, 'type')),
        h('td', {class: 'center'}, check('is_identifier', 'identifier', false)),
        h('td', {class: 'center'}, check('is_required', 'required', false)),
        h('td', {}, select('cardinality', ['single', 'multiple'], 'cardinality')),
        h('td', {}, select('normalization', NORMALIZATIONS, 'normalization')),
        h('td', {}, max),
        h('td', {class: 'center'}, check('links_profiles', 'links profiles', true)),
        h('td', {}, blocked),
        h('td', {}, h('button', {type: 'button', 'aria-label': `Remove attribute ${a.name || i + 1}`, onclick: () => { doc.attributes.splice(i, 1); redraw(); }}, 'Remove')));
    }
    redraw();
    const tname = h('input', {value: doc.template_name || '', 'data-field': 'template_name', readonly: !!name, required: true, 'data-test': 'template-name'});
    tname.addEventListener('input', () => { doc.template_name = tname.value; });
    const desc = h('input', {value: doc.description || '', 'data-field': 'description'});
    desc.addEventListener('input', () => { doc.description = desc.value; });
    fill(formBox, h('div', {class: 'row'}, field('Template name', tname), field('Description', desc)),
      h('div', {class: 'scroll', 'data-field': 'attributes', tabindex: '-1'}, h('table', {class: 'grid attributes'},
        h('caption', {}, 'Attributes'),
        h('thead', {}, h('tr', {}, ['Name', 'Type', 'Identifier', 'Required', 'Cardinality', 'Normalization', 'Max values', 'Links profiles', 'Blocked values', ''].map(t => h('th', {scope: 'col'}, t)))),
        rows)),
      h('button', {type: 'button', 'data-test': 'add-attribute', onclick: () => {
        doc.attributes.push({name: '', type: 'string', is_identifier: false, is_required: false, cardinality: 'single'});
        redraw();
        rows.lastElementChild.querySelector('input').focus();
      }}, 'Add attribute'));
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (mode === 'json' && !fromJson()) return;
    clearErrors(form);
    const body = JSON.parse(JSON.stringify(doc));
    for (const k of ['version', 'active', 'created_at', 'warnings']) delete body[k];
    try {
      const saved = name ? await api.put(api.ADMIN, `/profile-templates/${api.seg(name)}`, body)
        : await api.post(api.ADMIN, '/profile-templates', body);
      toast(`Saved ${saved.template_name} version ${saved.version}${saved.active ? ' (active)' : ''}.`);
      location.hash = `#/templates/edit/${encodeURIComponent(saved.template_name)}`;
    } catch (err) {
      // in JSON mode the (hidden) form's controls are stale: every reason goes to the summary above the JSON
      if (mode === 'json') formBox.replaceChildren();
      showErrors(form, err);
    }
  });

  fill(main, form);
  if (name) {
    api.get(api.READ, `/profile-templates/${api.seg(name)}`).then(t => {
      doc = t;
      for (const k of ['version', 'active', 'created_at', 'warnings']) delete doc[k];
      const state = h('p', {class: 'muted'}, `Version ${t.version}, ${t.active ? 'active' : 'inactive'}; saving adds a version.`);
      form.querySelector('.page-head').after(state);
      if (mode === 'form') drawForm(); else toJson();
    }).catch(err => fill(sum, h('p', {class: 'error', role: 'alert'}, message(err))));
  } else drawForm();
}
