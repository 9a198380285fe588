// The review queue of probabilistic matching: possible matches waiting for an operator, oldest first, filtered by
// a minimum match probability. Opening one shows the two profiles side by side, attribute by attribute, beside what
// each comparison found (its level, label and weight — the evidence names levels, never values), with Accept (a
// merge) and Reject (never the same person), each confirmed and kept in the history with its reason.

import {h, fill, field, time, toast, confirmAction, show} from './dom.js';
import * as api from './api.js';
import {showErrors, clearErrors, errorBox, summary} from './forms.js';

let minProbability = '';

export function render(main) {
  const min = h('input', {type: 'number', min: 0, max: 1, step: 0.01, placeholder: '0', value: minProbability,
    'data-field': 'min_probability', 'data-test': 'min-probability', class: 'narrow'});
  const filter = h('form', {class: 'card inline', novalidate: true, role: 'search', 'aria-label': 'Filter the queue'}, summary(),
    field('Minimum match probability', min, 'From 0 to 1; the queue holds pairs between the rules\u2019 review and auto-merge thresholds.'),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary', 'data-test': 'filter'}, 'Show')));
  const outcome = h('div', {'aria-live': 'polite'});
  const list = h('section', {'aria-labelledby': 'queue-h', class: 'card'}, h('h2', {id: 'queue-h'}, 'Waiting for a decision'));
  const detail = h('section', {'aria-labelledby': 'review-h', class: 'card', 'data-test': 'review-detail', hidden: true});
  fill(main, h('h1', {}, 'Review queue'),
    h('p', {class: 'muted'}, 'Possible matches the matching rules scored too low to merge on their own. Compare the two profiles, then accept (they become one, as a manual merge that an unmerge can undo) or reject (never the same person).'),
    filter, outcome, list, detail);

  const load = async (cursor) => {
    const q = new URLSearchParams({limit: '50'});
    if (min.value.trim()) q.set('min_probability', min.value.trim());
    if (cursor) q.set('cursor', cursor);
    fill(list, h('h2', {id: 'queue-h'}, 'Waiting for a decision'), h('p', {class: 'muted'}, 'Loading…'));
    let page;
    try {
      page = await api.get(api.READ, `/match-reviews?${q}`);
    } catch (e) {
      showErrors(filter, e);
      fill(list, h('h2', {id: 'queue-h'}, 'Waiting for a decision'), errorBox(e));
      return;
    }
    clearErrors(filter);
    minProbability = min.value;
    const items = page.items || [];
    if (!items.length) {
      detail.hidden = true;
      return fill(list, h('h2', {id: 'queue-h'}, 'Waiting for a decision'), h('p', {'data-test': 'queue-empty'}, 'Nothing waiting for a decision.'));
    }
    const open = item => openReview(detail, item, (text, profileId) => {
      fill(outcome, h('p', {class: 'notice', 'data-test': 'review-outcome'}, text, ' ',
        profileId ? h('a', {href: `#/profiles/${encodeURIComponent(profileId)}`}, 'Open the profile') : null));
      load();
    });
    fill(list, h('h2', {id: 'queue-h'}, 'Waiting for a decision'),
      h('div', {class: 'scroll'}, h('table', {class: 'grid', 'data-test': 'review-queue'},
        h('caption', {}, `${items.length}${page.next_cursor ? '+' : ''} possible match(es), oldest first`),
        h('thead', {}, h('tr', {}, ['Queued', 'Match probability', 'Profiles', ''].map(t => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, items.map(item => h('tr', {'data-link': item.link_id},
          h('td', {}, time(item.created_at)),
          h('td', {}, percent(item.match_probability)),
          h('td', {}, h('code', {}, item.profile_id), ' \u2194 ', h('code', {}, item.other_profile_id)),
          h('td', {}, h('button', {type: 'button', 'data-test': 'review-open', 'aria-controls': 'review-detail',
            'aria-label': `Review ${item.profile_id} and ${item.other_profile_id}`, onclick: () => open(item)}, 'Review'))))))),
      page.next_cursor ? h('button', {type: 'button', onclick: () => load(page.next_cursor)}, 'Next page') : null);
    open(items[0]);
  };
  filter.addEventListener('submit', e => { e.preventDefault(); fill(outcome); load(); });
  load();
}

/** The two profiles side by side with the evidence, and the decision. */
async function openReview(section, item, decided) {
  section.hidden = false;
  section.id = 'review-detail';
  section.dataset.link = item.link_id;
  fill(section, h('h2', {id: 'review-h'}, 'Possible match'), h('p', {class: 'muted'}, 'Loading both profiles…'));
  const [a, b] = await Promise.all([item.profile_id, item.other_profile_id].map(id =>
    api.get(api.READ, `/profiles/${api.seg(id)}`).catch(e => ({error: e, profile_id: id}))));
  if (section.dataset.link !== item.link_id) return; // another match was opened meanwhile
  const evidence = item.evidence || {};
  const compared = new Map((evidence.comparisons || []).map(c => [c.attribute, c]));
  const names = [...compared.keys(), ...[...new Set([...Object.keys(a.attributes || {}), ...Object.keys(b.attributes || {})])]
    .filter(n => !compared.has(n)).sort()];
  const head = p => h('th', {scope: 'col'}, h('a', {href: `#/profiles/${encodeURIComponent(p.profile_id)}`}, h('code', {}, p.profile_id)));
  const rows = names.map(name => {
    const c = compared.get(name);
    return h('tr', {'data-test': `compare-${name}`},
      h('th', {scope: 'row'}, name),
      h('td', {class: 'value'}, show(a.attributes?.[name])),
      h('td', {class: 'value'}, show(b.attributes?.[name])),
      h('td', {}, c ? levelText(c) : h('span', {class: 'muted'}, 'not compared')),
      h('td', {class: 'weight'}, c ? signed(c.weight) : ''));
  });
  const reason = h('input', {'data-field': 'reason', 'data-test': 'review-reason', placeholder: 'optional'});
  const form = h('form', {class: 'action-form', novalidate: true}, summary(), field('Reason (kept in the history)', reason),
    h('div', {class: 'buttons'},
      h('button', {type: 'submit', class: 'primary', value: 'accept', 'data-test': 'accept'}, 'Accept: same person'),
      h('button', {type: 'submit', value: 'reject', 'data-test': 'reject'}, 'Reject: never the same')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const accept = e.submitter?.value === 'accept';
    const ok = await confirmAction(accept ? 'Accept this match?' : 'Reject this match?',
      accept ? `${item.profile_id} and ${item.other_profile_id} become one profile; the older survives. An unmerge can undo it.`
        : `${item.profile_id} and ${item.other_profile_id} are marked never the same person: no automatic merge will join them.`,
      accept ? 'Accept' : 'Reject');
    if (!ok) return;
    try {
      const body = reason.value.trim() ? {reason: reason.value.trim()} : {};
      const r = await api.post(api.ADMIN, `/match-reviews/${api.seg(item.link_id)}/${accept ? 'accept' : 'reject'}`, body);
      toast(accept ? `Accepted: merged into ${r.profile_id}.` : 'Rejected: marked never the same person.');
      decided(accept ? `Merged into ${r.profile_id}.` : `${item.profile_id} and ${item.other_profile_id} are never the same person.`, r.profile_id);
    } catch (err) { showErrors(form, err); }
  });
  fill(section, h('h2', {id: 'review-h'}, 'Possible match: ', percent(item.match_probability)),
    h('p', {class: 'muted'}, 'Queued ', time(item.created_at), ` · match weight ${signed(item.match_weight)}`,
      evidence.prior_weight !== undefined ? ` (prior ${signed(evidence.prior_weight)})` : '',
      evidence.blocked_by ? ` · kept back by merge protection: ${evidence.blocked_by}` : ''),
    [a, b].filter(p => p.error).map(p => errorBox(p.error)),
    h('div', {class: 'scroll'}, h('table', {class: 'grid compare', 'data-test': 'review-compare'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Attribute'), head(a), head(b), h('th', {scope: 'col'}, 'Comparison level'), h('th', {scope: 'col'}, 'Weight'))),
      h('tbody', {}, rows))),
    api.can(api.ADMIN) ? form : h('p', {class: 'muted'}, `Deciding needs ${api.ADMIN}, which this client lacks.`));
}

export function levelText(c) {
  if (c.level < 0) return h('span', {class: 'muted'}, 'missing on one side');
  return h('span', {}, h('code', {}, c.label), c.term_frequency_adjusted ? ' (by value frequency)' : '');
}

export function percent(p) {
  return typeof p === 'number' ? `${(p * 100).toFixed(1)} %` : '—';
}

export function signed(w) {
  return typeof w === 'number' ? `${w >= 0 ? '+' : ''}${w.toFixed(2)}` : '—';
}

/** GET /profiles/{id}/match/{other_id} as a short verdict and the comparisons, for the profile page's "Why / why not". */
export function explanation(e) {
  const verdict = e.would_merge_automatically ? 'would merge automatically'
    : e.decision === 'auto_merge' ? 'scores above the auto-merge threshold, but merge protection keeps them apart'
      : e.decision === 'review' ? 'would wait in the review queue' : 'would not match';
  return h('div', {'data-test': 'match-explanation'},
    h('p', {}, h('strong', {}, verdict), ` — match probability ${percent(e.match_probability)}`,
      e.threshold_crossed ? ` (crossed ${e.threshold_crossed})` : '',
      ` · auto-merge at ${percent(e.auto_merge_threshold)}, review at ${percent(e.review_threshold)}`),
    e.blocked_by ? h('p', {class: 'notice'}, 'Merge protection: ', e.blocked_by) : null,
    (e.comparisons || []).length ? h('table', {class: 'grid small'},
      h('thead', {}, h('tr', {}, ['Attribute', 'Comparison level', 'Weight'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, e.comparisons.map(c => h('tr', {}, h('th', {scope: 'row'}, c.attribute), h('td', {}, levelText(c)), h('td', {class: 'weight'}, signed(c.weight))))))
      : h('p', {class: 'muted'}, 'No pair of their records could be compared.'));
}
