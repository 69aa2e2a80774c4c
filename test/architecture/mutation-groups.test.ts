/**
 * The mutation groups (scripts/mutation-groups.cjs) can only be trusted if they leave nothing out:
 * every core module is mutated by exactly one group, and every suite a group names exists (a
 * misspelt name would silently drop a suite and let its mutants survive).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const { MUTATION_GROUPS } = require(join(root, 'scripts/mutation-groups.cjs')) as {
  MUTATION_GROUPS: Record<string, { mutate: string[]; tests: string[] }>;
};

test('every core module with code is in exactly one group', () => {
  const modules = readdirSync(join(root, 'core'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
    .map((f) => `core/${f}`)
    .sort();
  const mutated = Object.values(MUTATION_GROUPS).flatMap((g) => g.mutate);
  expect([...mutated].sort()).toEqual(modules);
});

test('every suite a group names exists', () => {
  const missing = Object.entries(MUTATION_GROUPS).flatMap(([name, g]) =>
    g.tests.filter((t) => !existsSync(join(root, t.replace('<rootDir>/', '')))).map((t) => `${name}: ${t}`),
  );
  expect(missing).toEqual([]);
});
