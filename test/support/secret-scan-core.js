/**
 * The secret scan's one implementation (plain CommonJS: the test environment loads it without a
 * transform, and test code loads it through secrets.ts). A store holds what a test file showed a
 * person (records) and where the secrets come from (providers); findLeaks says which records hold
 * which kind of secret, never the secret itself.
 */
'use strict';
const { inspect } = require('node:util');

/** The password every test simulator uses. It holds characters that get escaped in URLs and JSON. */
const TEST_PASSWORD = 'St1cker+Pa55/word=';

/**
 * Shorter values are not scanned for: they would match ordinary words. Test passwords and the
 * simulators' cookies (32 characters) are longer.
 */
const MIN_SECRET_LENGTH = 6;

/**
 * Passwords tests use that are also ordinary words of this package, so finding them means nothing:
 * 'secureedge' is the simulator's default password and the Node-RED node's type name.
 */
const NOT_SECRETS = new Set(['secureedge']);

function createScanStore() {
  return { records: [], providers: [{ kind: 'password', list: () => [TEST_PASSWORD] }], shownOnPurpose: [] };
}

/** A child's output without the lines a test declared as showing a secret on purpose (see secrets.ts). */
function withoutShownOnPurpose(store, text) {
  if (store.shownOnPurpose.length === 0) return text;
  return text
    .split('\n')
    .map((line) => (store.shownOnPurpose.some((re) => re.test(line)) ? '<shown on purpose>' : line))
    .join('\n');
}

/** Render anything, errors with their own fields and whole cause chain, as text to scan. */
function renderForScan(value) {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  try {
    return inspect(value, { depth: 8, showHidden: false, getters: false, breakLength: Infinity }) + ' ' + safeJson(value);
  } catch {
    return String(value);
  }
}

function safeJson(value) {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

function record(store, source, value) {
  store.records.push({ source, text: renderForScan(value) });
}

/** The forms a secret takes on its way out: as is, URL-encoded (query or form), JSON-escaped, HTML-escaped. */
function variants(secret) {
  const out = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  out.add(JSON.stringify(secret).slice(1, -1));
  out.add(secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
  return [...out];
}

/** Every secret the store's providers know, with its kind, plus the extra ones given. */
function secretsOf(store, extra = []) {
  const secrets = new Map();
  const add = (kind, s) => {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH || NOT_SECRETS.has(s)) return;
    for (const v of variants(s)) if (!secrets.has(v)) secrets.set(v, kind);
  };
  for (const p of store.providers) for (const s of p.list()) add(p.kind, s);
  for (const { kind, value } of extra) add(kind, value);
  return secrets;
}

/** Every (source, kind of secret) found; secrets are reported by kind, never printed. */
function findLeaks(store, extra = []) {
  const secrets = secretsOf(store, extra);
  const leaks = [];
  for (const r of store.records) {
    const kinds = new Set();
    for (const [s, kind] of secrets) if (r.text.includes(s)) kinds.add(kind);
    for (const kind of kinds) leaks.push(`${r.source}: contains ${kind === 'password' ? 'the password' : 'a session cookie'}`);
  }
  return leaks;
}

module.exports = { TEST_PASSWORD, MIN_SECRET_LENGTH, createScanStore, renderForScan, record, findLeaks, withoutShownOnPurpose };
