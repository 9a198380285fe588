// Merge rule sets: sources in priority order (reorder with the arrow buttons: the first is the most
// authoritative), staleness per source, attribute rules; then a dry run that lists what activation would
// change, and activation with the re-resolution job's progress.

import {h, fill, field, time, toast, confirmAction, show} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, list, summary, message} from './forms.js';
import {follow} from './jobs.js';

const STRATEGIES = ['SOURCE_PRIORITY', 'MOST_RECENT', 'OLDEST', 'MOST_FREQUENT', 'MAX', 'MIN', 'UNION'];
const META = ['version', 'active', 'created_at', 'warnings'];

export function render(main, [action, name]) {
  if (action === 'new') return editor(main, null);
  if (action === 'edit' && name) return editor(main, name);
  return listPage(main);
}

function listPage(main) {
  const body = h('div', {}, h('p', {class: 'muted'}, 'Loading…'));
  fill(main, h('div', {class: 'page-head'}, h('h1', {}, 'Merge rules'),
    h('a', {class: 'button primary', href: '#/rules/new', 'data-test': 'new-rules'}, 'New rule set')), body);
  api.get(api.READ, '/merge-rules').then(r => {
    const rows = r.entities || [];
    if (!rows.length) return fill(body, h('p', {}, 'No rule set yet. The first one you create becomes active.'));
    fill(body, h('table', {class: 'grid'}, h('caption', {class: 'sr-only'}, 'Rule sets'),
      h('thead', {}, h('tr', {}, ['Name', 'Version', 'Sources by priority', 'Attribute rules', 'Created', 'State'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.map(rs => h('tr', {},
        h('td', {}, h('a', {href: `#/rules/edit/${encodeURIComponent(rs.rule_name)}`}, rs.rule_name)),
        h('td', {}, rs.version),
        h('td', {}, [...(rs.sources || [])].sort((a, b) => a.priority - b.priority).map(s => s.source_id).join(' › ')),
        h('td', {}, (rs.attribute_rules || []).length),
        h('td', {}, time(rs.created_at)),
        h('td', {}, rs.active ? h('span', {class: 'badge ok'}, 'active') : h('span', {class: 'badge'}, 'inactive')))))));
  }).catch(e => fill(body, errorBox(e)));
}

function editor(main, name) {
  let doc = {rule_name: '', description: '', default_strategy: 'SOURCE_PRIORITY', sources: [], attribute_rules: []};
  let stored = null; // the saved version this page shows; dry run and activation act on it
  let stop = null;
  let attributes = [];
  const sum = summary();
  const body = h('div');
  const after = h('div', {class: 'after-save', 'aria-live': 'polite'});
  const save = h('button', {type: 'submit', class: 'primary', 'data-test': 'save-rules'}, name ? 'Save new version' : 'Create rule set');
  const form = h('form', {class: 'card editor', novalidate: true, 'aria-labelledby': 'rules-title'},
    h('div', {class: 'page-head'}, h('h1', {id: 'rules-title'}, name ? `Rule set ${name}` : 'New merge rule set')),
    sum, body, h('div', {class: 'buttons'}, h('a', {class: 'button', href: '#/rules'}, 'Back to rule sets'), save), after);

  function draw() {
    doc.sources = [...(doc.sources || [])].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const text = (obj, key, path, attrs = {}) => {
      const el = h('input', {value: obj[key] ?? '', 'data-field': path, ...attrs});
      el.addEventListener('input', () => { if (el.value === '') delete obj[key]; else obj[key] = el.value; });
      return el;
    };
    const rname = text(doc, 'rule_name', 'rule_name', {readonly: !!name, 'data-test': 'rule-name'});
    const desc = text(doc, 'description', 'description');
    const dflt = h('select', {'data-field': 'default_strategy'}, STRATEGIES.map(s => h('option', {value: s, selected: (doc.default_strategy || 'SOURCE_PRIORITY') === s}, s)));
    dflt.addEventListener('change', () => { doc.default_strategy = dflt.value; });
    const authority = h('select', {'data-field': 'identifier_authority'}, h('option', {value: ''}, 'none'),
      doc.sources.map(s => h('option', {value: s.source_id, selected: doc.identifier_authority === s.source_id}, s.source_id)));
    authority.addEventListener('change', () => { if (authority.value) doc.identifier_authority = authority.value; else delete doc.identifier_authority; });

    const sources = h('ol', {class: 'sources', 'aria-label': 'Sources, most authoritative first'});
    const move = (i, d) => {
      const [s] = doc.sources.splice(i, 1);
      doc.sources.splice(i + d, 0, s);
      renumber();
      draw();
      body.querySelector(`[data-move="${i + d}:${d}"]`)?.focus();
    };
    doc.sources.forEach((s, i) => {
      const p = `sources[${i}]`;
      sources.append(h('li', {class: 'source'},
        h('span', {class: 'priority', 'aria-label': `priority ${i + 1}`}, i + 1),
        field('Source id', text(s, 'source_id', `${p}.source_id`, {'data-test': `source-id-${i}`})),
        field('Staleness', text(s, 'staleness_threshold', `${p}.staleness_threshold`, {placeholder: 'e.g. P30D', class: 'narrow'})),
        field('Description', text(s, 'description', `${p}.description`)),
        h('span', {class: 'order'},
          h('button', {type: 'button', disabled: i === 0, 'data-move': `${i - 1}:-1`, 'aria-label': `Move ${s.source_id || 'source'} up`, onclick: () => move(i, -1)}, '↑'),
          h('button', {type: 'button', disabled: i === doc.sources.length - 1, 'data-move': `${i + 1}:1`, 'aria-label': `Move ${s.source_id || 'source'} down`, onclick: () => move(i, 1)}, '↓'),
          h('button', {type: 'button', 'aria-label': `Remove ${s.source_id || 'source'}`, onclick: () => { doc.sources.splice(i, 1); renumber(); draw(); }}, 'Remove'))));
    });

    const attrList = h('datalist', {id: 'template-attributes'}, attributes.map(a => h('option', {value: a})));
    const rules = h('tbody');
    doc.attribute_rules.forEach((r, i) => {
      const p = `attribute_rules[${i}]`;
      const strategy = h('select', {'data-field': `${p}.resolution_strategy`, 'aria-label': `strategy of rule ${i + 1}`, 'data-test': `rule-strategy-${i}`},
        STRATEGIES.map(s => h('option', {value: s, selected: String(r.resolution_strategy || '').toUpperCase() === s || (s === 'MOST_RECENT' && /NEWER_WINS|LAST_WRITE_WINS/i.test(r.resolution_strategy || ''))}, s)));
      if (!r.resolution_strategy) r.resolution_strategy = strategy.value;
      strategy.addEventListener('change', () => { r.resolution_strategy = strategy.value; });
      const overrides = h('input', {value: (r.override_sources || []).join(', '), 'data-field': `${p}.override_sources`, 'aria-label': `override sources of rule ${i + 1}`});
      overrides.addEventListener('input', () => { const l = list(overrides.value); if (l.length) r.override_sources = l; else delete r.override_sources; });
      rules.append(h('tr', {},
        h('td', {}, text(r, 'attribute_name', `${p}.attribute_name`, {list: 'template-attributes', 'aria-label': `attribute of rule ${i + 1}`, 'data-test': `rule-attribute-${i}`})),
        h('td', {}, strategy),
        h('td', {}, text(r, 'staleness_threshold', `${p}.staleness_threshold`, {placeholder: 'e.g. P90D', class: 'narrow', 'aria-label': `staleness of rule ${i + 1}`})),
        h('td', {}, overrides),
        h('td', {}, text(r, 'key', `${p}.key`, {class: 'narrow', 'aria-label': `union key of rule ${i + 1}`})),
        h('td', {}, text(r, 'description', `${p}.description`, {'aria-label': `description of rule ${i + 1}`})),
        h('td', {}, h('button', {type: 'button', 'aria-label': `Remove rule ${r.attribute_name || i + 1}`, onclick: () => { doc.attribute_rules.splice(i, 1); draw(); }}, 'Remove'))));
    });

    fill(body, h('div', {class: 'row'}, field('Rule set name', rname), field('Description', desc)),
      h('div', {class: 'row'}, field('Default strategy', dflt, 'For attributes without a rule.'),
        field('Identifier authority', authority, 'Its change to a single identifier is a transfer, not a conflict.')),
      h('fieldset', {'data-field': 'sources', tabindex: '-1'}, h('legend', {}, 'Sources, most authoritative first'), sources,
        h('button', {type: 'button', 'data-test': 'add-source', onclick: () => { doc.sources.push({source_id: '', priority: doc.sources.length + 1}); draw(); sources.lastElementChild?.querySelector('input')?.focus(); }}, 'Add source')),
      h('fieldset', {'data-field': 'attribute_rules', tabindex: '-1'}, h('legend', {}, 'Attribute rules'), attrList,
        h('div', {class: 'scroll'}, h('table', {class: 'grid'},
          h('thead', {}, h('tr', {}, ['Attribute', 'Strategy', 'Staleness', 'Override sources', 'Union key', 'Description', ''].map(t => h('th', {scope: 'col'}, t)))), rules)),
        h('button', {type: 'button', 'data-test': 'add-rule', onclick: () => { doc.attribute_rules.push({attribute_name: '', resolution_strategy: 'SOURCE_PRIORITY'}); draw(); rules.lastElementChild?.querySelector('input')?.focus(); }}, 'Add attribute rule')));
  }
  const renumber = () => doc.sources.forEach((s, i) => { s.priority = i + 1; });

  function afterSave() {
    if (!stored) return after.replaceChildren();
    const result = h('div', {'aria-live': 'polite'});
    const dry = h('button', {type: 'button', 'data-test': 'dry-run'}, 'Dry run');
    const activate = h('button', {type: 'button', class: 'primary', 'data-test': 'activate'}, 'Activate');
    dry.addEventListener('click', async () => {
      fill(result, h('p', {class: 'muted'}, 'Re-resolving every profile with these rules, writing nothing…'));
      try {
        const r = await api.post(api.ADMIN, `/merge-rules/${api.seg(stored.rule_name)}/dry-run`);
        fill(result, dryRunReport(r));
      } catch (e) { fill(result, errorBox(e)); }
    });
    activate.addEventListener('click', async () => {
      if (!await confirmAction(`Activate ${stored.rule_name} version ${stored.version}?`,
        'Every stored profile is re-resolved with these rules in a background job; golden records may change.', 'Activate')) return;
      try {
        const job = await api.post(api.ADMIN, `/merge-rules/${api.seg(stored.rule_name)}/activate`);
        stop = follow(result, job, `Activating ${stored.rule_name}`);
        stored.active = true;
      } catch (e) { fill(result, errorBox(e)); }
    });
    fill(after, h('h2', {}, `Version ${stored.version} `, stored.active ? h('span', {class: 'badge ok'}, 'active') : h('span', {class: 'badge'}, 'inactive')),
      stored.warnings?.length ? h('ul', {class: 'warnings'}, stored.warnings.map(w => h('li', {}, h('code', {}, w.field), ': ', w.reason))) : null,
      h('p', {class: 'muted'}, 'A dry run lists the profiles and attributes that activating this version would change.'),
      h('div', {class: 'buttons'}, dry, stored.active ? null : activate), result);
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearErrors(form);
    renumber();
    const bodyJson = JSON.parse(JSON.stringify(doc));
    META.forEach(k => delete bodyJson[k]);
    try {
      stored = name ? await api.put(api.ADMIN, `/merge-rules/${api.seg(name)}`, bodyJson) : await api.post(api.ADMIN, '/merge-rules', bodyJson);
      toast(`Saved ${stored.rule_name} version ${stored.version}${stored.active ? ' (active)' : ''}.`);
      if (!name) {
        name = stored.rule_name;
        history.replaceState(null, '', `#/rules/edit/${encodeURIComponent(name)}`);
        form.querySelector('h1').textContent = `Rule set ${name}`;
        save.textContent = 'Save new version';
        draw();
      }
      afterSave();
    } catch (err) { showErrors(form, err); }
  });

  fill(main, form);
  api.get(api.READ, '/profile-templates').then(r => {
    const active = (r.entities || []).find(t => t.active);
    attributes = active ? active.attributes.map(a => a.name) : [];
    draw();
  }).catch(() => draw());
  if (name) {
    api.get(api.READ, `/merge-rules/${api.seg(name)}`).then(r => {
      stored = r;
      doc = JSON.parse(JSON.stringify(r));
      META.forEach(k => delete doc[k]);
      doc.attribute_rules = doc.attribute_rules || [];
      draw();
      afterSave();
    }).catch(err => fill(sum, h('p', {class: 'error', role: 'alert'}, message(err))));
  }
  draw();
  return () => stop && stop();
}

function dryRunReport(r) {
  const rows = [];
  for (const c of r.changes || []) {
    for (const [attr, d] of Object.entries(c.changes || {})) {
      rows.push(h('tr', {}, h('td', {}, h('a', {href: `#/profiles/${encodeURIComponent(c.profile_id)}`}, c.profile_id)),
        h('td', {}, attr), h('td', {}, show(d.old)), h('td', {}, show(d.new))));
    }
  }
  return h('section', {class: 'dry-run', 'data-test': 'dry-run-report', 'aria-label': 'Dry run'},
    h('p', {}, h('strong', {}, `${r.profiles_changed} of ${r.profiles_examined}`), ' profiles would change.'),
    r.warnings?.length ? h('ul', {class: 'warnings'}, r.warnings.map(w => h('li', {}, h('code', {}, w.field), ': ', w.reason))) : null,
    rows.length ? h('div', {class: 'scroll'}, h('table', {class: 'grid'},
      h('thead', {}, h('tr', {}, ['Profile', 'Attribute', 'Now', 'After activation'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows))) : null);
}
