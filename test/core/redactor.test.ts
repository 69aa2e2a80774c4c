/**
 * The Redactor on its own: with no secret it leaves text alone (an empty pattern would match
 * between every character), a secret inside a longer one never leaves the longer one's tail
 * behind, and secrets added after a first use are redacted too.
 */
import { Redactor } from '../../core/redact';

test('with no secret known, text passes unchanged', () => {
  const r = new Redactor();
  expect(r.redact('GET /api/v1/docker/images -> 200')).toBe('GET /api/v1/docker/images -> 200');
  r.add('');
  r.add(undefined);
  expect(r.redact('abc')).toBe('abc');
});

test('a secret inside a longer one: the longer is replaced whole, whatever the order they came in', () => {
  const r = new Redactor();
  r.add('Kx7');
  r.add('Kx7-session-9f');
  expect(r.redact('cookie Kx7-session-9f; password Kx7')).toBe('cookie [redacted]; password [redacted]');
});

test('a secret added after the first use is redacted from then on', () => {
  const r = new Redactor();
  r.add('first-Secret');
  expect(r.redact('first-Secret second-Secret')).toBe('[redacted] second-Secret');
  r.add('second-Secret');
  expect(r.redact('first-Secret second-Secret')).toBe('[redacted] [redacted]');
});
