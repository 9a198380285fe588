// Activation starts a background re-resolution job; this follows it with a progress bar until it ends.

import {h, fill} from './dom.js';
import * as api from './api.js';
import {message} from './forms.js';

/** Follows GET /jobs/{id} into `box`; returns a function that stops following. */
export function follow(box, job, label) {
  const bar = h('progress', {max: Math.max(1, job.total), value: job.done, 'aria-label': label, 'data-test': 'job-progress'});
  const text = h('span', {class: 'muted', role: 'status'});
  fill(box, h('div', {class: 'job'}, h('strong', {}, label), ' ', bar, ' ', text));
  let stopped = false;
  const show = j => {
    bar.max = Math.max(1, j.total);
    bar.value = j.status === 'SUCCEEDED' || j.status === 'DONE' ? bar.max : j.done;
    text.textContent = `${j.status.toLowerCase()} — ${j.done} of ${j.total} profiles re-resolved`;
    text.dataset.status = j.status;
  };
  show(job);
  const tick = async () => {
    if (stopped) return;
    try {
      const j = await api.get(api.READ, `/jobs/${api.seg(job.job_id)}`);
      show(j);
      if (j.status === 'RUNNING' || j.status === 'PENDING') setTimeout(tick, 300);
    } catch (e) {
      text.textContent = message(e);
    }
  };
  setTimeout(tick, 200);
  return () => { stopped = true; };
}
