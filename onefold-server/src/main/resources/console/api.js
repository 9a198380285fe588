// The REST API, as the signed-in client. The token lives in this module's memory only — never in a cookie,
// localStorage or a URL — so closing or reloading the tab signs out. Every call names the permission it
// needs and is refused here, before any request, when the token lacks it: the console never asks the
// server for something the client may not do.

export const READ = 'CustomerProfile:Read';
export const WRITE = 'CustomerProfile:Write';
export const ADMIN = 'CustomerProfile:Admin';
export const BASE = '/api/v2/customer-profile';

let session = null;
let onExpired = () => {};

/** What the console does when the server no longer accepts the token (expired, client deleted, key rotated). */
export function whenExpired(fn) {
  onExpired = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || body?.error_description || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
    this.details = Array.isArray(body?.details) ? body.details : [];
  }
}

/** Thrown instead of sending a request the token's permissions do not allow. */
export class NotPermitted extends Error {}

export function signedIn() {
  return session !== null;
}

export function clientId() {
  return session?.clientId;
}

export function organization() {
  return session?.organization;
}

export function can(permission) {
  return !!session && session.permissions.has(permission);
}

/** Client credentials → token. Only an Admin client may use the console. */
export async function signIn(id, secret) {
  const form = new URLSearchParams({grant_type: 'client_credentials', client_id: id, client_secret: secret});
  const r = await fetch('/oauth/token', {method: 'POST', body: form, headers: {Accept: 'application/json'}, credentials: 'omit'});
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(r.status, {message: r.status === 401 ? 'Unknown client or wrong secret.' : (body.error_description || body.message || `HTTP ${r.status}`)});
  const claims = decode(body.access_token);
  const permissions = new Set(claims.permissions || []);
  if (!permissions.has(ADMIN)) throw new NotPermitted(`Client '${id}' lacks ${ADMIN}: the console is for administrators.`);
  session = {token: body.access_token, clientId: claims.sub || id, organization: claims.org, permissions,
    expiresAt: (claims.exp ? claims.exp * 1000 : Date.now() + body.expires_in * 1000)};
}

export function signOut() {
  session = null;
}

function decode(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part + '='.repeat((4 - part.length % 4) % 4)), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function expire(message) {
  session = null;
  onExpired(message);
}

/** Headers for a request as the signed-in client; ends the session first when the token has expired. */
export function authorization(permission) {
  if (!session) throw new NotPermitted('Not signed in.');
  if (!can(permission)) throw new NotPermitted(`This client lacks ${permission}.`);
  if (Date.now() >= session.expiresAt) {
    expire('Your session expired. Sign in again.');
    throw new NotPermitted('Session expired.');
  }
  return {Authorization: `Bearer ${session.token}`};
}

/** A JSON call: resolves with the parsed body (null for 204); rejects with ApiError on any other status. */
export async function call(permission, method, path, body) {
  const headers = {...authorization(permission), Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(BASE + path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit'});
  return answer(r);
}

export async function answer(r) {
  if (r.status === 401) {
    expire('Your session expired or was revoked. Sign in again.');
    throw new NotPermitted('Session ended.');
  }
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = {message: text};
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const get = (permission, path) => call(permission, 'GET', path);
export const post = (permission, path, body) => call(permission, 'POST', path, body === undefined ? {} : body);
export const put = (permission, path, body) => call(permission, 'PUT', path, body);
export const del = (permission, path) => call(permission, 'DELETE', path);

/** Path segment encoding for names and ids. */
export const seg = s => encodeURIComponent(s);
