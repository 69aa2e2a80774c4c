/**
 * Jest `filter` for mutation runs (stryker.config.mjs): loads only the test files that hold a test
 * covering the active mutant.
 *
 * Why: Stryker's jest runner narrows each mutant's run by test NAME (perTest coverage), but still
 * has Jest load every test file to find those names. With 23 files that each import core/ and start
 * simulators, loading alone took ~20 s per mutant on a busy 2-core machine. The tests that run are
 * exactly the same; only files holding none of them are skipped, so a mutant's verdict cannot change.
 *
 * Where the coverage comes from: Stryker's own event-recorder writes the dry run (every test and its
 * file) and the plan (every mutant and its covering tests) before the first mutant runs; the runner
 * processes read them from STRYKER_EVENTS_DIR (set by the config). Whenever anything is missing,
 * stale (older than this run) or unreadable, every test file runs, as without this filter.
 */
const fs = require('node:fs');
const path = require('node:path');

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
// When the Stryker run began (set by the config in the main process, inherited by the runners).
const runStarted = Number(process.env.STRYKER_RUN_STARTED ?? Infinity);
/** mutant id -> test files (relative to test/) holding a covering test; undefined until readable. */
let filesByMutant;

/** "core/pool.test.ts" for any path under a test/ folder (the project's or a Stryker sandbox's). */
function underTest(file) {
  const norm = file.split(path.sep).join('/');
  const at = norm.lastIndexOf('/test/');
  return at < 0 ? norm : norm.slice(at + '/test/'.length);
}

function freshEvent(dir, names, suffix) {
  const name = names.find((n) => n.endsWith(suffix));
  if (!name) return undefined;
  const file = path.join(dir, name);
  // An event file from an earlier run would name other mutants under the same ids.
  if (!(fs.statSync(file).mtimeMs >= runStarted)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function load() {
  const dir = process.env.STRYKER_EVENTS_DIR;
  if (!dir) return undefined;
  try {
    const names = fs.readdirSync(dir);
    const dry = freshEvent(dir, names, '-onDryRunCompleted.json');
    const plan = freshEvent(dir, names, '-onMutationTestingPlanReady.json');
    if (!dry || !plan) return undefined;
    const fileOfTest = new Map(dry.result.tests.map((t) => [t.id, t.fileName ? underTest(t.fileName) : undefined]));
    const map = new Map();
    for (const p of plan.mutantPlans) {
      const filter = p.runOptions?.testFilter;
      if (!filter) continue;
      const files = new Set(filter.map((id) => fileOfTest.get(id)));
      // A covering test without a known file: run everything for this mutant.
      if (!files.has(undefined)) map.set(String(p.mutant.id), files);
    }
    return map;
  } catch {
    // Still being written, or not there: run every file this time and try again next time.
    return undefined;
  }
}

module.exports = async function coveringTestFiles(testPaths) {
  const id = process.env[ACTIVE_MUTANT];
  // The dry run (no active mutant) measures coverage, so it runs everything.
  if (id === undefined) return { filtered: testPaths };
  filesByMutant ??= load();
  const wanted = filesByMutant?.get(id);
  if (!wanted) return { filtered: testPaths };
  return { filtered: testPaths.filter((p) => wanted.has(underTest(p))) };
};
