/**
 * Modules that loading core does not need, required on first use: engines load core just to list
 * the nodes (Node-RED's palette, n8n's node loader), and a process that never makes a client
 * should not pay for them (bench: `coreLoadMs`; the first client pays instead, and the bench shows
 * that beside it). undici is loaded the same way, in transport.ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
let cookies: typeof import('tough-cookie') | undefined;
let crypto: typeof import('node:crypto') | undefined;

/** tough-cookie: the session's cookie jar and the login's Set-Cookie parser. */
export const toughCookie = (): typeof import('tough-cookie') => (cookies ??= require('tough-cookie') as typeof import('tough-cookie'));

/** node:crypto: the pool's password hashes, the watch's env fingerprints. */
export const nodeCrypto = (): typeof import('node:crypto') => (crypto ??= require('node:crypto') as typeof import('node:crypto'));
