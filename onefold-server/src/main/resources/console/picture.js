// The picture of one person: each profile node of the cluster is a column (the survivor first), its source
// records are boxes coloured by source, and identity links are arcs between the columns — merged (SAME,
// asserted), unmerged (SAME, retracted, dashed), "never the same" (DIFFERENT, red) or a possible match waiting in
// the review queue (POSSIBLE_MATCH, dotted; once decided, grey). The same facts follow as a list, for screen
// readers and for copying, with each link's evidence: a probabilistic match's score comparison by comparison.

import {h} from './dom.js';

const COLUMN = 250;
const HEAD = 46;
const RECORD = 54;
const PALETTE = ['#2f6fde', '#15a37a', '#c7731b', '#8a4fd1', '#c2417a', '#4b7f95'];

export function picture(graph, pid) {
  // room above the columns for the arcs of the links, when there are any
  const TOP = graph.links.length ? 84 : 8;
  const nodes = [...graph.nodes].sort((a, b) => (b.profile_id === pid) - (a.profile_id === pid) || a.profile_id.localeCompare(b.profile_id));
  const sources = [...new Set(nodes.flatMap(n => n.records.map(r => r.source)))].sort();
  const colour = s => PALETTE[sources.indexOf(s) % PALETTE.length];
  const x = i => 10 + i * COLUMN;
  const index = new Map(nodes.map((n, i) => [n.profile_id, i]));
  const rows = Math.max(1, ...nodes.map(n => n.records.length));
  const width = Math.max(COLUMN, nodes.length * COLUMN) + 10;
  const height = TOP + HEAD + rows * (RECORD + 8) + 20;
  const titleId = `pic-${pid}`;
  const svg = h('svg:svg', {viewBox: `0 0 ${width} ${height}`, width, role: 'img', 'aria-labelledby': titleId, class: 'picture', 'data-test': 'picture'},
    h('svg:title', {id: titleId}, `${nodes.length} profile node(s), ${nodes.reduce((n, x) => n + x.records.length, 0)} source record(s), ${graph.links.length} identity link(s)`),
    h('svg:defs', {}, ['merge', 'never', 'undone', 'possible', 'reviewed'].map(k => h('svg:marker', {id: `arrow-${k}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
      h('svg:path', {d: 'M0,0 L10,5 L0,10 z', class: `arrow ${k}`})))));

  nodes.forEach((n, i) => {
    const g = h('svg:g', {class: `node ${n.status.toLowerCase()}`, 'data-profile': n.profile_id});
    g.append(h('svg:rect', {x: x(i), y: TOP, width: COLUMN - 30, height: HEAD, rx: 8, class: 'head'}),
      h('svg:text', {x: x(i) + 10, y: TOP + 19, class: 'id'}, short(n.profile_id)),
      h('svg:text', {x: x(i) + 10, y: TOP + 36, class: 'status'}, n.profile_id === pid ? `${n.status.toLowerCase()} · this profile` : n.status.toLowerCase()));
    n.records.forEach((r, j) => {
      const y = TOP + HEAD + 8 + j * (RECORD + 8);
      g.append(h('svg:rect', {x: x(i) + 8, y, width: COLUMN - 46, height: RECORD, rx: 6, class: 'record', fill: colour(r.source)}),
        h('svg:text', {x: x(i) + 16, y: y + 18, class: 'source'}, r.source_record_id ? `${r.source} · ${r.source_record_id}` : r.source),
        h('svg:text', {x: x(i) + 16, y: y + 34, class: 'attrs'}, clip((r.attributes || []).join(', '), 34)),
        h('svg:text', {x: x(i) + 16, y: y + 48, class: 'attrs'}, r.last_observed_at ? `last seen ${r.last_observed_at.slice(0, 10)}` : ''));
    });
    svg.append(g);
  });

  graph.links.forEach((l, k) => {
    const a = index.get(l.from_profile_id);
    const b = index.get(l.to_profile_id);
    if (a === undefined || b === undefined) return;
    const kind = linkKind(l);
    const x1 = x(a) + (COLUMN - 30) / 2;
    const x2 = x(b) + (COLUMN - 30) / 2;
    const lift = 14 + (k % 3) * 24;
    const path = `M${x1},${TOP} C${x1},${TOP - lift - 20} ${x2},${TOP - lift - 20} ${x2},${TOP}`;
    const label = LABELS[kind];
    svg.append(h('svg:path', {d: path, class: `link ${kind}`, 'marker-end': `url(#arrow-${kind})`}),
      h('svg:text', {x: (x1 + x2) / 2, y: TOP - lift - 8, class: `link-label ${kind}`, 'text-anchor': 'middle'}, `${label} (${l.origin.toLowerCase()})`));
  });

  const legend = h('ul', {class: 'legend'}, sources.map(s => h('li', {}, h('span', {class: 'swatch', 'data-colour': colour(s)}), s)));
  legend.querySelectorAll('.swatch').forEach(el => { el.style.background = el.dataset.colour; });
  const facts = h('details', {class: 'facts'}, h('summary', {}, 'As a list'), h('ul', {'data-test': 'graph-facts'},
    nodes.map(n => h('li', {}, `${n.profile_id} (${n.status.toLowerCase()}${n.survivor_id ? `, merged into ${n.survivor_id}` : ''}): `,
      n.records.map(r => `${r.source}${r.source_record_id ? ' ' + r.source_record_id : ''} [${(r.attributes || []).join(', ')}]`).join('; ') || 'no records')),
    graph.links.map(l => h('li', {}, `${RELATIONS[l.kind] || l.kind}: ${l.from_profile_id} → ${l.to_profile_id}, ${l.origin.toLowerCase()}, ${l.state.toLowerCase()}, ${l.at}${l.evidence ? ' — ' + evidenceText(l.evidence) : ''}`))));
  return h('div', {}, h('div', {class: 'scroll'}, svg), legend, facts);
}

const LABELS = {merge: 'merged into', undone: 'unmerged', never: 'never the same', possible: 'possible match', reviewed: 'match reviewed'};
const RELATIONS = {SAME: 'same person', DIFFERENT: 'never the same', POSSIBLE_MATCH: 'possible match'};

function linkKind(l) {
  if (l.kind === 'DIFFERENT') return 'never';
  if (l.kind === 'POSSIBLE_MATCH') return l.state === 'RETRACTED' ? 'reviewed' : 'possible';
  return l.state === 'RETRACTED' ? 'undone' : 'merge';
}

/** A link's evidence as text: an operator's reason or an identifier match as it is; a match score, level by level. */
export function evidenceText(e) {
  if (typeof e !== 'object' || e === null) return String(e);
  const parts = (e.comparisons || []).map(c => `${c.attribute} ${c.level < 0 ? 'missing' : c.label} (${c.weight >= 0 ? '+' : ''}${Number(c.weight).toFixed(2)})`);
  return `matched by ${e.matched_by || 'score'}, probability ${typeof e.match_probability === 'number' ? e.match_probability.toFixed(4) : '?'}`
    + (parts.length ? `: ${parts.join(', ')}` : '') + (e.blocked_by ? `; kept back: ${e.blocked_by}` : '');
}

function short(id) {
  return id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id;
}

function clip(s, n) {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
