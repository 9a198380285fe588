// The console's shell: sign-in, navigation, and a hash router (#/profiles/…), so a page reload loses only the
// in-memory session, never the place.

import {h, fill, field} from './dom.js';
import * as api from './api.js';
import {message} from './forms.js';
import * as templates from './templates.js';
import * as rules from './rules.js';
import * as profiles from './profiles.js';
import * as reviews from './reviews.js';
import * as events from './events.js';
import * as clients from './clients.js';
import * as webhooks from './webhooks.js';

// Uncaught errors and Content-Security-Policy violations are kept here for diagnosis (the end-to-end tests read them).
window.__consoleErrors = [];
window.addEventListener('error', e => window.__consoleErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.__consoleErrors.push(String(e.reason?.stack || e.reason)));
document.addEventListener('securitypolicyviolation', e => window.__consoleErrors.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

const sections = [
  {path: 'profiles', label: 'Profiles', page: profiles},
  {path: 'reviews', label: 'Review queue', page: reviews},
  {path: 'templates', label: 'Templates', page: templates},
  {path: 'rules', label: 'Merge rules', page: rules},
  {path: 'events', label: 'Live events', page: events},
  {path: 'clients', label: 'Clients', page: clients},
  {path: 'webhooks', label: 'Webhooks', page: webhooks},
];

let leave = null; // what the current page must stop (an event stream, a poll) when the user navigates away

api.whenExpired(messageText => signInPage(messageText));

function signInPage(notice) {
  if (leave) leave();
  leave = null;
  api.signOut();
  nav.hidden = true;
  who.replaceChildren();
  const id = h('input', {name: 'client_id', autocomplete: 'username', required: true, 'data-test': 'client-id'});
  const secret = h('input', {name: 'client_secret', type: 'password', autocomplete: 'current-password', required: true, 'data-test': 'client-secret'});
  const status = h('div', {class: 'summary', tabindex: '-1', role: 'status'});
  if (notice) fill(status, h('p', {class: 'notice', 'data-test': 'signin-notice'}, notice));
  const form = h('form', {class: 'card signin', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in to Onefold'),
    h('p', {class: 'muted'}, 'Use an OAuth client with CustomerProfile:Admin. The token stays in this tab\u2019s memory: reloading or closing the tab signs you out.'),
    status, field('Client id', id), field('Client secret', secret),
    h('div', {class: 'buttons'}, h('button', {type: 'submit', class: 'primary'}, 'Sign in')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api.signIn(id.value.trim(), secret.value);
      secret.value = '';
      signedIn();
    } catch (err) {
      fill(status, h('p', {class: 'error', role: 'alert'}, message(err)));
      status.focus();
    }
  });
  fill(main, form);
  id.focus();
}

function signedIn() {
  nav.hidden = false;
  fill(who, h('span', {class: 'muted'}, `${api.clientId()} · ${api.organization()}`),
    h('button', {type: 'button', onclick: () => signInPage('You signed out.'), 'data-test': 'sign-out'}, 'Sign out'));
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/profiles';
  else route();
}

function route() {
  if (!api.signedIn()) return signInPage();
  if (leave) leave();
  leave = null;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const section = sections.find(s => s.path === parts[0]) || sections[0];
  nav.querySelectorAll('a').forEach(a => a.toggleAttribute('aria-current', a.dataset.section === section.path));
  main.replaceChildren();
  const stop = section.page.render(main, parts.slice(1));
  if (typeof stop === 'function') leave = stop;
  main.focus({preventScroll: true});
}

fill(nav, h('ul', {}, sections.map(s => h('li', {}, h('a', {href: `#/${s.path}`, 'data-section': s.path}, s.label)))));
window.addEventListener('hashchange', route);
// The skip link focuses the content without touching the hash, which is the router's.
document.querySelector('.skip').addEventListener('click', e => { e.preventDefault(); main.focus(); });
signInPage();
