// Profiles: search by any identifier or golden attribute; a profile page with the golden record and, per
// attribute, its winner and (on demand) every losing candidate with the reason it lost; identifiers and
// aliases; the records and identity links as a picture; the history as a timeline; the operator's actions,
// each confirmed, each leaving an entry in the history; and, reading only, why probabilistic matching would or
// would not join this profile and another one.

import {h, fill, field, time, toast, confirmAction, show, uid} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, summary, message} from './forms.js';
import {picture} from './picture.js';
import {explanation} from './reviews.js';

export function render(main, [id]) {
  if (id) return profilePage(main, id);
  return searchPage(main);
}

let lastSearch = {attribute: '', value: ''};

function searchPage(main) {
  const attr = h('select', {'data-test': 'search-attribute'});
  const value = h('input', {type: 'search', 'data-test': 'search-value', required: true});
  const results = h('div', {'aria-live': 'polite'});
  const byId = h('input', {'data-test': 'open-id', placeholder: 'profile id'});
  const form = h('form', {class: 'card search', role: 'search', 'aria-label': 'Find profiles'},
    h('div', {class: 'row'}, field('Attribute', attr), field('Value', value, 'An identifier is normalized (e-mail case, phone to E.164) and finds aliases too.'),
      h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary', 'data-test': 'search'}, 'Search'))));
  const open = h('form', {class: 'inline'}, field('Open by id', byId), h('button', {type: 'submit'}, 'Open'));
  open.addEventListener('submit', e => { e.preventDefault(); if (byId.value.trim()) location.hash = `#/profiles/${encodeURIComponent(byId.value.trim())}`; });
  fill(main, h('h1', {}, 'Profiles'), form, results, open);

  const search = async (cursor) => {
    lastSearch = {attribute: attr.value, value: value.value};
    const q = new URLSearchParams({[attr.value]: value.value, limit: '25'});
    if (cursor) q.set('cursor', cursor);
    fill(results, h('p', {class: 'muted'}, 'Searching…'));
    try {
      const r = await api.get(api.READ, `/profiles?${q}`);
      const rows = r.entities || [];
      if (!rows.length) return fill(results, h('p', {'data-test': 'no-results'}, `No profile has ${attr.value} = ${value.value}.`));
      fill(results, h('table', {class: 'grid', 'data-test': 'results'}, h('caption', {}, `${rows.length}${r.next_cursor ? '+' : ''} found`),
        h('thead', {}, h('tr', {}, ['Profile', 'Identifiers', 'Updated'].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows.map(p => h('tr', {},
          h('td', {}, h('a', {href: `#/profiles/${encodeURIComponent(p.profile_id)}`, 'data-test': 'result-link'}, p.profile_id)),
          h('td', {}, Object.entries(p.identifiers || {}).map(([k, v]) => `${k}: ${v.join(', ')}`).join(' · ')),
          h('td', {}, time(p.updated_at)))))),
        r.next_cursor ? h('button', {type: 'button', onclick: () => search(r.next_cursor)}, 'Next page') : null);
    } catch (e) { fill(results, errorBox(e)); }
  };
  form.addEventListener('submit', e => { e.preventDefault(); search(); });

  api.get(api.READ, '/profile-templates').then(r => {
    const t = (r.entities || []).find(x => x.active);
    if (!t) return fill(results, h('p', {}, 'No active template yet: create one under Templates.'));
    const attrs = [...t.attributes].filter(a => !['object', 'array'].includes(a.type)).sort((a, b) => (b.is_identifier - a.is_identifier));
    fill(attr, attrs.map(a => h('option', {value: a.name, selected: a.name === lastSearch.attribute}, a.is_identifier ? `${a.name} (identifier)` : a.name)));
    value.value = lastSearch.value;
    value.focus();
  }).catch(e => fill(results, errorBox(e)));
}

function profilePage(main, id) {
  const head = h('div', {class: 'page-head'}, h('h1', {}, 'Profile ', h('code', {}, id)));
  const notice = h('div', {'aria-live': 'polite'});
  const golden = h('section', {'aria-labelledby': 'golden-h', class: 'card'}, h('h2', {id: 'golden-h'}, 'Golden record'), h('p', {class: 'muted'}, 'Loading…'));
  const idents = h('section', {'aria-labelledby': 'ids-h', class: 'card'}, h('h2', {id: 'ids-h'}, 'Identifiers and aliases'));
  const graph = h('section', {'aria-labelledby': 'graph-h', class: 'card'}, h('h2', {id: 'graph-h'}, 'Records and identity links'));
  const timeline = h('section', {'aria-labelledby': 'hist-h', class: 'card'}, h('h2', {id: 'hist-h'}, 'History'));
  const actions = h('section', {'aria-labelledby': 'act-h', class: 'card'}, h('h2', {id: 'act-h'}, 'Actions'));
  fill(main, h('p', {}, h('a', {href: '#/profiles'}, '← Search')), head, notice,
    h('div', {class: 'columns'}, h('div', {}, golden, idents, actions), h('div', {}, graph, timeline)));

  const load = async () => {
    let doc;
    try {
      doc = await api.get(api.READ, `/profiles/${api.seg(id)}`);
    } catch (e) {
      fill(golden, h('h2', {}, 'Golden record'), errorBox(e));
      return;
    }
    const pid = doc.profile_id;
    fill(notice, doc.redirected_from ? h('p', {class: 'notice'}, `${doc.redirected_from} was merged into this profile, which answers for it.`) : null);
    fill(head, h('h1', {}, 'Profile ', h('code', {'data-test': 'profile-id'}, pid)),
      h('span', {class: 'muted'}, 'version ', doc.version, ' · created ', time(doc.created_at), ' · updated ', time(doc.updated_at)));
    const [lineage, hist, g] = await Promise.all([
      api.get(api.READ, `/profiles/${api.seg(pid)}/lineage`).catch(e => ({error: e})),
      api.get(api.READ, `/profiles/${api.seg(pid)}/history`).catch(e => ({error: e})),
      api.get(api.READ, `/profiles/${api.seg(pid)}/graph`).catch(e => ({error: e}))]);
    drawGolden(golden, doc, lineage);
    drawIdentifiers(idents, doc);
    fill(graph, h('h2', {id: 'graph-h'}, 'Records and identity links'), g.error ? errorBox(g.error) : picture(g, pid));
    drawTimeline(timeline, hist);
    drawActions(actions, doc, g.error ? null : g, load);
  };
  load();
}

function drawGolden(section, doc, lineage) {
  const lin = lineage.lineage || {};
  const names = [...new Set([...Object.keys(doc.attributes || {}), ...Object.keys(lin)])].sort();
  const rows = h('tbody');
  for (const name of names) {
    const l = lin[name];
    const winners = l ? (l.winner ? [l.winner] : (l.winners || [])) : [];
    const w = winners[0];
    const losers = l?.losers || [];
    const detailId = uid('why');
    const why = losers.length || winners.length > 1 ? h('button', {type: 'button', 'aria-expanded': 'false', 'aria-controls': detailId, 'data-test': `why-${name}`,
      'aria-label': `Why ${name} has this value: ${winners.length} winning, ${losers.length} losing candidates`}, 'Why?') : null;
    const detail = h('tr', {id: detailId, hidden: true, class: 'detail', 'data-test': `lineage-${name}`},
      h('td', {colspan: 5}, lineageDetail(l, winners, losers)));
    why?.addEventListener('click', () => {
      const open = why.getAttribute('aria-expanded') !== 'true';
      why.setAttribute('aria-expanded', String(open));
      detail.hidden = !open;
    });
    rows.append(h('tr', {'data-test': `attr-${name}`},
      h('th', {scope: 'row'}, name),
      h('td', {class: 'value'}, show(doc.attributes?.[name] ?? l?.value)),
      h('td', {}, w ? `${w.source}${w.source_record_id ? ` / ${w.source_record_id}` : ''}` : '—', winners.length > 1 ? ` +${winners.length - 1}` : ''),
      h('td', {}, w ? time(w.observed_at) : '—'),
      h('td', {}, why)), detail);
  }
  fill(section, h('h2', {id: 'golden-h'}, 'Golden record'),
    lineage.error ? errorBox(lineage.error) : h('p', {class: 'muted'}, `Resolved with ${lineage.rule_set} over template ${lineage.template}.`),
    h('div', {class: 'scroll'}, h('table', {class: 'grid golden'},
      h('thead', {}, h('tr', {}, ['Attribute', 'Value', 'Winning source', 'Observed', 'Lineage'].map(t => h('th', {scope: 'col'}, t)))), rows)));
}

const REASONS = {
  LOWER_PRIORITY: 'a more authoritative source (lower priority number) supplied a value',
  OLDER: 'a newer observation supplied a value', NEWER: 'an older observation supplied a value',
  STALE: 'it is older than the freshest contribution by more than the staleness threshold',
  OUTVOTED: 'more source records agree on another value', OVERRIDDEN: 'the customer\u2019s explicit choice from an override source beat it',
  RETRACTED: 'its record withdrew it', SMALLER: 'the strategy keeps the largest value', LARGER: 'the strategy keeps the smallest value',
  CAPPED: 'the max_values cap was reached',
};

function lineageDetail(l, winners, losers) {
  if (!l) return h('p', {}, 'No lineage.');
  const row = (c, outcome) => h('tr', {},
    h('td', {}, outcome), h('td', {}, c.source, c.source_record_id ? ` / ${c.source_record_id}` : ''), h('td', {}, c.priority ?? '—'),
    h('td', {}, time(c.observed_at)), h('td', {class: 'value'}, show(c.value)),
    h('td', {}, c.reason ? h('span', {}, h('strong', {}, c.reason), ': ', REASONS[c.reason] || '') : ''));
  return h('div', {class: 'lineage'}, h('p', {}, 'Strategy ', h('strong', {}, l.strategy), '.'),
    h('table', {class: 'grid small'}, h('thead', {}, h('tr', {}, ['', 'Source / record', 'Priority', 'Observed', 'Value', 'Why it lost'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, winners.map(w => row(w, 'won')), losers.map(x => row(x, 'lost')))));
}

function drawIdentifiers(section, doc) {
  const dl = (map, kind) => {
    const entries = Object.entries(map || {});
    if (!entries.length) return h('p', {class: 'muted'}, `No ${kind}.`);
    return h('dl', {class: 'pairs', 'data-test': kind}, entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v.join(', '))]));
  };
  fill(section, h('h2', {id: 'ids-h'}, 'Identifiers and aliases'), h('h3', {}, 'Current'), dl(doc.identifiers, 'identifiers'),
    h('h3', {}, 'Aliases'), dl(doc.aliases, 'aliases'));
}

function drawTimeline(section, hist) {
  if (hist.error) return fill(section, h('h2', {id: 'hist-h'}, 'History'), errorBox(hist.error));
  const entries = hist.entries || [];
  fill(section, h('h2', {id: 'hist-h'}, 'History'), h('ol', {class: 'timeline', 'data-test': 'timeline'}, entries.map(e => {
    const ev = e.event || {};
    const changes = Object.entries(ev.changes || {});
    return h('li', {class: `ev ${e.type.replace('.', '-')}`},
      h('div', {}, h('strong', {}, e.type), ' ', time(e.at), ev.source ? ` · from ${ev.source}` : '', ev.rule_set ? ` · rules ${ev.rule_set}` : ''),
      e.profile_id !== hist.profile_id ? h('div', {class: 'muted'}, 'profile ', h('code', {}, e.profile_id)) : null,
      ev.reason ? h('div', {}, 'Reason: ', ev.reason) : null,
      ev.merged_profile_ids?.length ? h('div', {}, 'Merged ', ev.merged_profile_ids.join(', ')) : null,
      ev.restored_profile_id ? h('div', {}, 'Restored ', h('code', {}, ev.restored_profile_id)) : null,
      changes.length ? h('ul', {class: 'changes'}, changes.map(([k, d]) => h('li', {}, h('code', {}, k), ': ', show(d?.old), ' → ', show(d?.new)))) : null);
  })));
}

function drawActions(section, doc, graph, reload) {
  const pid = doc.profile_id;
  const identifiers = Object.keys(doc.identifiers || {}).concat(Object.keys(doc.aliases || {}));
  const absorbed = graph ? graph.nodes.filter(n => n.status === 'ABSORBED').map(n => n.profile_id) : [];
  const blocks = [];
  const act = (title, perm, controls, confirmText, run, opts = {}) => {
    if (!api.can(perm)) {
      blocks.push(h('details', {class: 'action'}, h('summary', {}, title), h('p', {class: 'muted'}, `Needs ${perm}, which this client lacks.`)));
      return;
    }
    const sum = summary();
    const form = h('form', {class: 'action-form', novalidate: true}, sum, controls, h('div', {class: 'buttons'},
      h('button', {type: 'submit', class: opts.danger ? 'danger' : 'primary', 'data-test': `do-${opts.key}`}, opts.button || title)));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!await confirmAction(`${title}?`, confirmText(), opts.button || title, opts.danger)) return;
      try {
        const r = await run();
        toast(opts.done ? opts.done(r) : `${title}: done, recorded in the history.`);
        if (opts.after) opts.after(r); else reload();
      } catch (err) { showErrors(form, err); }
    });
    blocks.push(h('details', {class: 'action', 'data-test': `action-${opts.key}`}, h('summary', {}, title), form));
  };
  const sel = (options, path, label) => h('select', {'data-field': path, 'aria-label': label}, options.map(o => h('option', {}, o)));
  const inp = (path, attrs = {}) => h('input', {'data-field': path, ...attrs});

  const aAttr = sel(identifiers.length ? [...new Set(identifiers)] : ['email'], 'attribute', 'attribute');
  const aValue = inp('value', {'data-test': 'alias-value'});
  act('Add alias', api.WRITE, [field('Identifier', aAttr), field('Old value', aValue)],
    () => `${aValue.value} will find this profile as an alias of ${aAttr.value}.`,
    () => api.post(api.WRITE, `/profiles/${api.seg(pid)}/aliases`, {attribute: aAttr.value, value: aValue.value}), {key: 'alias'});

  const tAttr = sel([...new Set(Object.keys(doc.identifiers || {}))], 'attribute', 'attribute');
  const tFrom = inp('from_value', {placeholder: 'optional'});
  const tTo = inp('value');
  act('Transfer identifier', api.WRITE, [field('Identifier', tAttr), field('From value', tFrom), field('New value', tTo)],
    () => `${tTo.value} becomes the current ${tAttr.value}; the old value stays as an alias.`,
    () => api.post(api.WRITE, `/profiles/${api.seg(pid)}/identifier-transfers`, tFrom.value ? {attribute: tAttr.value, from_value: tFrom.value, value: tTo.value} : {attribute: tAttr.value, value: tTo.value}), {key: 'transfer'});

  const mOther = inp('profile_ids', {'data-test': 'merge-other'});
  const mReason = inp('reason', {'data-test': 'merge-reason'});
  act('Merge with another profile', api.ADMIN, [field('Other profile id', mOther), field('Reason (kept in the history)', mReason)],
    () => `${pid} and ${mOther.value} become one person; the older profile survives. An unmerge can undo it.`,
    () => api.post(api.ADMIN, '/profiles/merge', {profile_ids: [pid, mOther.value.trim()], reason: mReason.value || undefined}),
    {key: 'merge', button: 'Merge', after: r => { location.hash = `#/profiles/${encodeURIComponent(r.profile_id || pid)}`; reload(); }});

  const nOther = inp('other_profile_id');
  const nReason = inp('reason');
  act('Mark \u201cnever the same\u201d', api.ADMIN, [field('Other profile id', nOther), field('Reason (kept in the history)', nReason)],
    () => `No automatic merge will ever join ${pid} and ${nOther.value}.`,
    () => api.post(api.ADMIN, `/profiles/${api.seg(pid)}/links`, {other_profile_id: nOther.value.trim(), relation: 'never_same', reason: nReason.value || undefined}),
    {key: 'never-same', button: 'Mark never the same'});

  if (absorbed.length) {
    const uWhich = sel(absorbed, 'profile_id', 'profile to restore');
    uWhich.setAttribute('data-test', 'unmerge-which');
    act('Unmerge', api.ADMIN, [field('Profile to restore', uWhich)],
      () => `${uWhich.value} is split out again, with the records and identifiers it brought; both golden records are recomputed.`,
      () => api.post(api.ADMIN, `/profiles/${api.seg(pid)}/unmerge`, {profile_id: uWhich.value}),
      {key: 'unmerge', done: r => `Unmerged: ${r.restored?.profile_id} restored; recorded in both histories.`});
  }

  // read-only: what probabilistic matching makes of this profile and another one
  const wOther = inp('other_profile_id', {'data-test': 'why-other'});
  const wResult = h('div', {'aria-live': 'polite'});
  const why = h('form', {class: 'action-form', novalidate: true}, summary(), field('Other profile id', wOther),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', 'data-test': 'do-why'}, 'Compare')), wResult);
  why.addEventListener('submit', async e => {
    e.preventDefault();
    fill(wResult);
    try {
      const r = await api.get(api.READ, `/profiles/${api.seg(pid)}/match/${api.seg(wOther.value.trim())}`);
      clearErrors(why);
      fill(wResult, explanation(r));
    } catch (err) { showErrors(why, err); }
  });
  blocks.push(h('details', {class: 'action', 'data-test': 'action-why'}, h('summary', {}, 'Why / why not a match'), why));

  act('Erase', api.ADMIN, [h('p', {}, 'Removes every record, contribution, identifier, alias and history value of this profile and of every profile merged into it; a tombstone without personal data remains.')],
    () => `Erase ${pid}? This cannot be undone.`,
    () => api.del(api.ADMIN, `/profiles/${api.seg(pid)}`),
    {key: 'erase', danger: true, button: 'Erase profile', after: () => { location.hash = '#/profiles'; }, done: () => 'Erased; the deletion is in the event stream.'});

  fill(section, h('h2', {id: 'act-h'}, 'Actions'), blocks);
}
