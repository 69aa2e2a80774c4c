/**
 * `npm test`'s pretest step (scripts/system-packages.cjs), run as the real script in a child process.
 * The machine's PATH is replaced by a temp folder, so "installed" means an executable there, and apt-get
 * there is a stand-in that logs its arguments and environment (and, for `install`, puts the named
 * programs into that folder, as the real apt-get would): a test must never install anything on this machine.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFor, SYSTEM_PACKAGES } from '../../scripts/system-packages.cjs';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'system-packages.cjs');
const isRoot = process.getuid?.() === 0;
/** Debian's postgresql keeps pg_ctl off PATH; the script looks there too, so on a machine that has it, it is not missing. */
const debianPostgres =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'pg_ctl')));
/** The program that tells each package is there. */
const PROBE: Record<string, string> = {
  chromium: 'chromium',
  curl: 'curl',
  openssl: 'openssl',
  'redis-server': 'redis-server',
  postgresql: 'pg_ctl',
};

let bin: string;
beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'secureedge-syspkg-'));
  chmodSync(bin, 0o777); // the non-root run writes apt-get's log here
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

function executable(name: string, body = '') {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

/** apt-get stand-in: logs "DEBIAN_FRONTEND=… args", `install` creates the probes of the packages named, exits `status`. */
function fakeAptGet(status = 0) {
  const probes = Object.entries(PROBE)
    .map(([pkg, probe]) => `[ "$a" = "${pkg}" ] && printf '#!/bin/sh\\n' > "${bin}/${probe}" && chmod +x "${bin}/${probe}"`)
    .join('\n    ');
  executable(
    'apt-get',
    `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "${bin}/apt-get.log"
PATH=/usr/bin:/bin
if [ "$1" = install ] && [ ${status} = 0 ]; then
  for a in "$@"; do
    ${probes}
  done
fi
exit ${status}`,
  );
}

function aptCalls(): string[] {
  const log = join(bin, 'apt-get.log');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

function runScript(options: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [SCRIPT], { env: { PATH: bin }, encoding: 'utf8', ...options });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const allNames = SYSTEM_PACKAGES.map((p) => p.name);

test('the packages checked are the ones the suites need', () => {
  expect(allNames).toEqual(['chromium', 'curl', 'openssl', 'redis-server', 'postgresql']);
});

test('everything present: silent, no apt-get, exit 0', () => {
  for (const probe of Object.values(PROBE)) executable(probe);
  fakeAptGet();
  const r = runScript();
  expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
  expect(aptCalls()).toEqual([]);
});

test('not root: stops at once with the exact apt-get command, installs nothing', () => {
  fakeAptGet();
  executable('openssl');
  const r = runScript(isRoot ? { uid: 65534, gid: 65534 } : {});
  const missing = allNames.filter((n) => n !== 'openssl' && !(n === 'postgresql' && debianPostgres));
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`npm test needs Debian packages that are not installed: ${missing.join(' ')}`);
  expect(r.stderr).toContain(`\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n`);
  expect(aptCalls()).toEqual([]);
});

(isRoot ? describe : describe.skip)('as root (CI, a fresh container)', () => {
  test('installs the missing ones with apt-get, saying so in one line', () => {
    fakeAptGet();
    executable('chromium');
    executable('openssl');
    const r = runScript();
    const missing = ['curl', 'redis-server', ...(debianPostgres ? [] : ['postgresql'])];
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`npm test: installing the Debian packages the tests need: ${missing.join(' ')} (apt-get, as root)\n`);
    expect(r.status).toBe(0);
    expect(aptCalls()).toEqual([
      'DEBIAN_FRONTEND=noninteractive update -qq',
      `DEBIAN_FRONTEND=noninteractive install -y -qq ${missing.join(' ')}`,
    ]);
  });

  test('a failing apt-get fails the run with its output', () => {
    fakeAptGet(100);
    for (const probe of Object.values(PROBE)) if (probe !== 'curl') executable(probe);
    const r = runScript();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^apt-get update -qq failed \(exit 100\)/);
    expect(aptCalls()).toEqual(['DEBIAN_FRONTEND=noninteractive update -qq']);
  });
});

describe('planFor', () => {
  test('nothing missing: nothing to do', () => {
    expect(planFor({ missing: [], isRoot: false, hasAptGet: true })).toEqual({ action: 'none' });
  });
  test('root without apt-get: stops, naming the packages and the Debian command', () => {
    const plan = planFor({ missing: ['curl'], isRoot: true, hasAptGet: false });
    expect(plan).toMatchObject({ action: 'stop', command: 'sudo apt-get update && sudo apt-get install -y curl' });
    expect(plan.action === 'stop' && plan.message).toContain("curl: the vendor's curl walk-through");
  });
});
