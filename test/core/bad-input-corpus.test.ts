/**
 * The bad-input corpus at its real size. Its values are generated from a fixed seed, so the number
 * of different values per kind is known; a change that shrinks a kind (a narrower generator, a
 * filter, duplicates) fails here instead of quietly testing less. Values, not checks: each door
 * tries every value through every operation that takes it (about 1,300 checks in core alone).
 */
import * as corpus from '../support/bad-input-corpus';

// The real size of each kind today (different values, not list entries). Raise these when the
// corpus grows; lowering one needs a reason in the commit.
const DISTINCT_VALUES: Record<string, number> = {
  'docker names': 86,
  'image names': 53,
  'image tags': 39,
  ports: 42,
  protocols: 27,
  'env keys': 26,
  'container paths': 10,
  'whole specs': 13,
};

test.each(Object.entries(DISTINCT_VALUES))('%s: at least %i different bad values', (kind, floor) => {
  expect(corpus.distinctCount(corpus.corpusByKind()[kind])).toBeGreaterThanOrEqual(floor);
});

test('every kind of the corpus has a floor, and the corpus has 296 different values in all', () => {
  const kinds = corpus.corpusByKind();
  expect(Object.keys(kinds).sort()).toEqual(Object.keys(DISTINCT_VALUES).sort());
  const total = Object.values(kinds).reduce((sum, values) => sum + corpus.distinctCount(values), 0);
  expect(total).toBeGreaterThanOrEqual(296);
});

test('the same seed gives the same corpus (a failing value can be found again)', () => {
  expect(corpus.badDockerNames()).toEqual(corpus.badDockerNames());
  expect(corpus.badPorts()).toEqual(corpus.badPorts());
});

test('distinctCount tells apart what a Set of strings would merge', () => {
  expect(corpus.distinctCount([1, '1', null, 'null', undefined, Number.NaN, Number.NaN, {}, '{}'])).toBe(8);
});
