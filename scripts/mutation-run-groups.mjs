/**
 * npm run test:mutation:groups [group...]: every mutation group in turn (or the ones named), then
 * the score table. Each group keeps its own incremental file, so a second run retests only what
 * changed. See scripts/mutation-groups.cjs for why core/ runs in groups.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import groups from './mutation-groups.cjs';

const { MUTATION_GROUPS } = groups;

const root = join(import.meta.dirname, '..');
const names = process.argv.slice(2);
for (const n of names)
  if (!(n in MUTATION_GROUPS)) throw new Error(`${n} is not a group; groups: ${Object.keys(MUTATION_GROUPS).join(', ')}`);
let failed = false;
for (const group of names.length ? names : Object.keys(MUTATION_GROUPS)) {
  console.log(`\n== mutation group ${group}`);
  const run = spawnSync('npx', ['stryker', 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, STRYKER_GROUP: group } });
  if (run.status !== 0) {
    console.error(`group ${group} failed (exit ${run.status})`);
    failed = true;
  }
}
spawnSync(process.execPath, [join(root, 'scripts/mutation-score.mjs')], { stdio: 'inherit' });
process.exitCode = failed ? 1 : 0;
