/**
 * The watch's settings as both editors hand them over, checked before anything is sent: a bad
 * event or interval is INVALID_INPUT naming the field, what is allowed, and a short echo of what
 * was given; an empty interval or container list (undefined, null, '') means the default; the
 * minimum interval itself is allowed.
 */
import { parseWatchOptions, WATCH_EVENTS, watchIntervalMs } from '../../core';

const ALLOWED = 'created, removed, state, image-added, image-removed, unreachable, reachable, configuration';

test('an unknown event names the field, every allowed event and what was given', () => {
  expect(() => parseWatchOptions({ events: ['created', 'stopped'] })).toThrow(
    expect.objectContaining({
      code: 'INVALID_INPUT',
      field: 'events',
      message: `Invalid input: events must be a list of ${ALLOWED} (got ["created","stopped"]).`,
    }),
  );
  expect(WATCH_EVENTS.join(', ')).toBe(ALLOWED);
});

test('a long bad event list is echoed only in part (80 characters)', () => {
  const given = ['x'.repeat(500)];
  const shown = JSON.stringify(given).slice(0, 80);
  expect(shown).toHaveLength(80);
  expect(() => parseWatchOptions({ events: given })).toThrow(
    expect.objectContaining({ field: 'events', message: `Invalid input: events must be a list of ${ALLOWED} (got ${shown}).` }),
  );
});

test('a container list left empty (undefined, null or empty text) means every container', () => {
  expect(parseWatchOptions({}).containers).toEqual([]);
  expect(parseWatchOptions({ containers: null }).containers).toEqual([]);
  expect(parseWatchOptions({ containers: '' }).containers).toEqual([]);
});

test('a container list holding something other than a name (a number) is INVALID_INPUT naming the watch list', () => {
  expect(() => parseWatchOptions({ containers: ['web', 42] })).toThrow(
    expect.objectContaining({
      code: 'INVALID_INPUT',
      field: 'container name in the watch list',
      message: expect.stringMatching(/^Invalid input: container name in the watch list: .*\(got 42\)\. Nothing was sent to the device\.$/),
    }),
  );
});

test('a bad container name says it is in the watch list', () => {
  expect(() => parseWatchOptions({ containers: 'web, -bad' })).toThrow(
    expect.objectContaining({
      code: 'INVALID_INPUT',
      field: 'container name in the watch list',
      message: expect.stringMatching(
        /^Invalid input: container name in the watch list: .*\(got "-bad"\)\. Nothing was sent to the device\.$/,
      ),
    }),
  );
});

test('an interval left empty (undefined, null or empty text) is the default, 10 s', () => {
  expect(watchIntervalMs(undefined)).toBe(10_000);
  expect(watchIntervalMs(null)).toBe(10_000);
  expect(watchIntervalMs('')).toBe(10_000);
});

test('the minimum interval, 1 s, is allowed; anything shorter is not', () => {
  expect(watchIntervalMs(1)).toBe(1000);
  expect(watchIntervalMs('1')).toBe(1000);
  expect(() => watchIntervalMs(0.999)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'interval' }));
});

test('a bad interval names the field, the minimum and what was given', () => {
  expect(() => watchIntervalMs(0)).toThrow(
    expect.objectContaining({
      code: 'INVALID_INPUT',
      field: 'interval',
      message: 'Invalid input: the watch interval must be at least 1 s (got "0").',
    }),
  );
  expect(() => watchIntervalMs('soon')).toThrow(
    expect.objectContaining({ field: 'interval', message: 'Invalid input: the watch interval must be at least 1 s (got "soon").' }),
  );
});

test('a long bad interval is echoed only in part (40 characters)', () => {
  const given = 'y'.repeat(300);
  const shown = JSON.stringify(given).slice(0, 40);
  expect(shown).toHaveLength(40);
  expect(() => watchIntervalMs(given)).toThrow(
    expect.objectContaining({ field: 'interval', message: `Invalid input: the watch interval must be at least 1 s (got ${shown}).` }),
  );
});
