/**
 * Core's per-request debug lines reach Node-RED's log only when a logging handler would print
 * them (nodes/node-red/log-level.ts): Node-RED makes a stack trace per node.debug() call even
 * when it drops the line. Unknown settings must pass every line on, never hide them.
 */
import { debugLinesShown } from '../../nodes/node-red/log-level';
import type { RedApi } from '../../nodes/node-red/red-types';

const red = (settings: unknown) => ({ settings }) as unknown as RedApi;

test.each([
  ['no settings object', undefined, true],
  ['no logging setting', {}, true],
  ['console at debug', { logging: { console: { level: 'debug' } } }, true],
  ['console at trace', { logging: { console: { level: 'trace' } } }, true],
  [
    'a custom handler at debug beside console at info',
    { logging: { console: { level: 'info' }, mine: { level: 'debug', handler: () => () => {} } } },
    true,
  ],
  ['console at info (the default settings.js)', { logging: { console: { level: 'info', metrics: false, audit: false } } }, false],
  ['console at warn', { logging: { console: { level: 'warn' } } }, false],
  ['console off', { logging: { console: { level: 'off' } } }, false],
  ['an unknown level counts as info, as in Node-RED', { logging: { console: { level: 'verbose' } } }, false],
])('%s -> %s', (_what, settings, shown) => {
  expect(debugLinesShown(red(settings))).toBe(shown);
});

test('settings that throw when read: every line passed on', () => {
  const throwing = {
    get settings(): unknown {
      throw new Error('not loaded');
    },
  } as unknown as RedApi;
  expect(debugLinesShown(throwing)).toBe(true);
});
