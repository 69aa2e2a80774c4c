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
/** A run stopped early leaves no report, but its event files say what each tested mutant did. */
function fromEvents(name) {
  const dir = join(root, 'reports/mutation', `events-${name}`);
  if (!existsSync(dir)) return undefined;
  const names = readdirSync(dir);
  const plan = names.find((n) => n.endsWith('-onMutationTestingPlanReady.json'));
  if (!plan) return undefined;
  const planned = JSON.parse(readFileSync(join(dir, plan), 'utf8')).mutantPlans.length;
  const files = {};
  let tested = 0;
  for (const n of names.filter((x) => x.endsWith('-onMutantTested.json'))) {
    const m = JSON.parse(readFileSync(join(dir, n), 'utf8'));
    (files[m.fileName] ??= { mutants: [] }).mutants.push(m);
    tested++;
  }
  return { files, partial: `${tested} of ${planned} mutants` };
}

const partial = [];
for (const name of Object.keys(MUTATION_GROUPS)) {
  const file = join(root, 'reports/mutation', `${name}.json`);
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : fromEvents(name);
  if (!report) {
    missingReports.push(name);
    continue;
  }
  if (report.partial) partial.push(`${name} (${report.partial})`);
  for (const [path, { mutants }] of Object.entries(report.files)) {
    const module = path.replace(/^.*core\//, '');
    // A report made before a module moved to another group no longer speaks for it.
    if (!MUTATION_GROUPS[name].mutate.includes(`core/${module}`)) continue;
    const count = (s) => mutants.filter((m) => m.status === s).length;
    const row = {
      module,
      group: report.partial ? `${name}*` : name,
      killed: count('Killed'),
      timeout: count('Timeout'),
      survived: count('Survived'),
      noCoverage: count('NoCoverage'),
    };
    if (row.killed + row.timeout + row.survived + row.noCoverage > 0) rows.push(row);
  }
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
// In markdown, a list below the table; otherwise plain lines.
const item = markdown ? '- ' : '';
if (markdown && (partial.length || missingReports.length)) console.log('');
if (partial.length) console.log(`${item}stopped early (* above; event files of the run): ${partial.join(', ')}`);
if (missingReports.length) console.log(`${item}not yet run: ${missingReports.join(', ')}`);
if (ungrouped.length) console.log(`in no group (not measured): ${ungrouped.join(', ')}`);
