/**
 * The mutation score of core/ from the group reports (reports/mutation/<group>.json, written by
 * STRYKER_GROUP runs): one row per module, then all of core/. Killed and timed-out mutants count
 * as detected; survivors and mutants no test reaches count against; mutants that do not compile
 * (the TypeScript checker drops them) and static ones are left out. Also names any core module
 * that no group mutates, so the total cannot quietly skip one.
 *
 * node scripts/mutation-score.mjs [--markdown]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import groups from './mutation-groups.cjs';

const { MUTATION_GROUPS } = groups;

const root = join(import.meta.dirname, '..');
const markdown = process.argv.includes('--markdown');
const rows = [];
const missingReports = [];
for (const [name, group] of Object.entries(MUTATION_GROUPS)) {
  const file = join(root, 'reports/mutation', `${name}.json`);
  if (!existsSync(file)) {
    missingReports.push(name);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const [path, { mutants }] of Object.entries(report.files)) {
    const count = (s) => mutants.filter((m) => m.status === s).length;
    const row = {
      module: path.replace(/^.*core\//, ''),
      group: name,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
    };
    if (row.killed + row.timeout + row.survived + row.noCoverage > 0) rows.push(row);
  }
  void group;
}
rows.sort((a, b) => a.module.localeCompare(b.module));
const score = (r) => ((r.killed + r.timeout) / (r.killed + r.timeout + r.survived + r.noCoverage)) * 100;
const total = rows.reduce(
  (t, r) => ({
    killed: t.killed + r.killed,
    timeout: t.timeout + r.timeout,
    survived: t.survived + r.survived,
    noCoverage: t.noCoverage + r.noCoverage,
  }),
  { killed: 0, timeout: 0, survived: 0, noCoverage: 0 },
);

const grouped = new Set(Object.values(MUTATION_GROUPS).flatMap((g) => g.mutate));
const ungrouped = readdirSync(join(root, 'core'))
  .filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts'].includes(f))
  .map((f) => `core/${f}`)
  .filter((f) => !grouped.has(f));

const pct = (n) => `${n.toFixed(1)}%`;
if (markdown) {
  console.log('| module | group | killed | timed out | survived | no coverage | score |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(`| \`${r.module}\` | ${r.group} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${pct(score(r))} |`);
  console.log(
    `| **all of core/** | | ${total.killed} | ${total.timeout} | ${total.survived} | ${total.noCoverage} | **${pct(score(total))}** |`,
  );
} else {
  for (const r of rows)
    console.log(
      `${r.module.padEnd(22)} ${r.group.padEnd(10)} ${pct(score(r)).padStart(6)}  killed ${r.killed}, timed out ${r.timeout}, survived ${r.survived}, no coverage ${r.noCoverage}`,
    );
  if (rows.length) console.log(`all of core/: ${pct(score(total))} (goal >= 80%)`);
}
if (missingReports.length) console.log(`not yet run: ${missingReports.join(', ')}`);
if (ungrouped.length) console.log(`in no group (not measured): ${ungrouped.join(', ')}`);
