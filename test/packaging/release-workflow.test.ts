/**
 * .github/workflows/release.yml, parsed as GitHub reads it (YAML): only a version tag publishes; the
 * job installs with `npm ci`, runs `npm test`, and only then publishes with an npm provenance
 * statement (id-token: write), which n8n requires of community packages. CHANGELOG.md has the
 * version being released.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageJson, packedFiles, REPO_ROOT } from '../support/package-manifest';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
}
interface Job {
  'runs-on'?: unknown;
  container?: unknown;
  permissions?: Record<string, string>;
  steps?: Step[];
  if?: string;
  'continue-on-error'?: unknown;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;
const pkg = packageJson();

/** GitHub's filter pattern for refs: `*` is anything but `/`. */
function globMatches(pattern: string, ref: string): boolean {
  const re = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\0')
    .replace(/\*/g, '[^/]*')
    .replace(/\0/g, '.*');
  return new RegExp(`^${re}$`).test(ref);
}

/** The indexes of the steps of `job` with a `run` line that matches `command`. */
function stepsRunning(job: Job, command: RegExp): number[] {
  return (job.steps ?? []).flatMap((s, i) =>
    typeof s.run === 'string' && s.run.split('\n').some((line) => command.test(line.trim())) ? [i] : [],
  );
}

const publishJobs = Object.entries(workflow.jobs).filter(([, job]) => stepsRunning(job, /^npm publish\b/).length > 0);

test('only a pushed version tag triggers it', () => {
  expect(Object.keys(workflow.on)).toEqual(['push']);
  const push = workflow.on.push as { tags?: string[]; branches?: unknown };
  expect(Object.keys(push)).toEqual(['tags']);
  expect(push.tags?.some((p) => globMatches(p, `v${pkg.version}`))).toBe(true);
  for (const ref of ['main', 'latest', 'release']) expect(push.tags?.some((p) => globMatches(p, ref))).toBe(false);
});

test('exactly one job publishes, in exactly one step', () => {
  expect(publishJobs).toHaveLength(1);
  expect(stepsRunning(publishJobs[0][1], /^npm publish\b/)).toHaveLength(1);
});

test('it publishes with provenance, allowed to ask for the OIDC token', () => {
  const [, job] = publishJobs[0];
  const publish = job.steps![stepsRunning(job, /^npm publish\b/)[0]];
  expect(publish.run).toMatch(/^npm publish\b.*\s--provenance(\s|$)/m);
  expect({ ...workflow.permissions, ...job.permissions }['id-token']).toBe('write');
  expect(pkg.publishConfig).toMatchObject({ provenance: true });
});

test('npm ci, then npm test, then the publish, in that job; a failed test stops it', () => {
  const [, job] = publishJobs[0];
  const ci = stepsRunning(job, /^npm ci$/);
  const tests = stepsRunning(job, /^npm test$/);
  const publish = stepsRunning(job, /^npm publish\b/)[0];
  expect(ci).toHaveLength(1);
  expect(tests).toHaveLength(1);
  expect(ci[0]).toBeLessThan(tests[0]);
  expect(tests[0]).toBeLessThan(publish);
  const steps = job.steps!;
  // Nothing lets the publish run after a failure: no continue-on-error, no always()/failure() conditions.
  for (const step of steps.slice(0, publish + 1)) expect(step['continue-on-error'] ?? false).toBe(false);
  expect(steps[publish].if ?? '').not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
  expect(job['continue-on-error'] ?? false).toBe(false);
});

test('the tests set themselves up: the job runs as root on Debian with Node 20, no separate apt-get step', () => {
  const [, job] = publishJobs[0];
  expect(job.container).toMatch(/^node:20-(bookworm|trixie)/);
  for (const step of job.steps ?? []) expect(step.run ?? '').not.toMatch(/apt-get/);
});

test('it publishes to the npm registry, checking the tag is the version', () => {
  const [, job] = publishJobs[0];
  const setupNode = (job.steps ?? []).find((s) => s.uses?.startsWith('actions/setup-node@'));
  expect(setupNode?.with?.['registry-url']).toBe('https://registry.npmjs.org');
  expect(stepsRunning(job, /GITHUB_REF_NAME/).length).toBe(1);
  expect(stepsRunning(job, /GITHUB_REF_NAME/)[0]).toBeLessThan(stepsRunning(job, /^npm publish\b/)[0]);
});

test("CHANGELOG.md has a section for package.json's version and ships in the tarball", async () => {
  const changelog = readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
  expect(changelog).toContain(`\n## [${pkg.version}]`);
  expect(await packedFiles()).toContain('CHANGELOG.md');
}, 120_000); // npm pack --dry-run, on a busy machine
