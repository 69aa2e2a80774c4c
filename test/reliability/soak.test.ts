/**
 * The soak: 10,000 operations from 20 concurrent workers against a device with seeded random
 * faults (5xx answers, dropped connections), sessions expiring every 700 operations and a device
 * restart every 2,500. It runs in a child process (soak/soak-child.js, built code, --expose-gc)
 * that owns its `process`, so unhandled rejections are really counted and the heap is its own.
 * Figures are printed; the test fails on any unhandled rejection, any error that is not a coded
 * SecureEdgeError, heap growth past a bound a per-operation leak would cross, or a socket left open.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';

const OPERATIONS = 10_000;
/** A leak of even 500 bytes per operation would cross this. */
const HEAP_GROWTH_LIMIT_MB = 5;

interface SoakFigures {
  node: string;
  operations: number;
  warmup: number;
  seconds: number;
  outcomes: Record<string, number>;
  strangers: string[];
  unhandled: string[];
  heapMB: { before: number; after: number; afterClose: number };
  openSockets: { baseline: number; endOfRun: number; afterClose: number };
  logins: number;
  sessionsIssued: number;
  leaks: number;
  messages: string[];
  logShapes: string[];
}

test(`soak: ${OPERATIONS} operations under random faults, no unhandled rejection, no growth in heap or open sockets`, async () => {
  const args = JSON.stringify({ operations: OPERATIONS, workers: 20, seed: 20261128, password: TEST_PASSWORD });
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--expose-gc', join(__dirname, 'soak/soak-child.js'), args], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 100_000,
  });
  recordForScan('soak child stdout', stdout);
  recordForScan('soak child stderr', stderr);
  const f = JSON.parse(stdout) as SoakFigures;
  const growth = f.heapMB.after - f.heapMB.before;
  console.log(
    [
      `soak on Node ${f.node}: ${f.operations} operations (+${f.warmup} warm-up) in ${f.seconds.toFixed(1)} s, ${f.logins} logins`,
      `  outcomes: ${JSON.stringify(f.outcomes)}`,
      `  heap MB: before ${f.heapMB.before.toFixed(2)}, after ${f.heapMB.after.toFixed(2)} (growth ${growth.toFixed(2)}), after close ${f.heapMB.afterClose.toFixed(2)}`,
      `  open sockets: baseline ${f.openSockets.baseline}, end of run ${f.openSockets.endOfRun}, after close ${f.openSockets.afterClose}`,
      `  unhandled rejections/exceptions: ${f.unhandled.length}; uncoded errors: ${f.strangers.length}; secrets in output: ${f.leaks}`,
    ].join('\n'),
  );

  expect(f.unhandled).toEqual([]);
  expect(f.strangers).toEqual([]);
  expect(f.leaks).toBe(0);
  const total = Object.values(f.outcomes).reduce((a, b) => a + b, 0);
  expect(total).toBe(OPERATIONS + f.warmup);
  // The faults really bit (several kinds of coded errors), and most operations still succeeded.
  expect(Object.keys(f.outcomes).length).toBeGreaterThanOrEqual(4);
  expect(f.outcomes.ok).toBeGreaterThan(OPERATIONS / 2);
  expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  expect(f.openSockets.endOfRun).toBeGreaterThan(f.openSockets.baseline); // the measure sees sockets at all
  expect(f.openSockets.afterClose).toBeLessThanOrEqual(f.openSockets.baseline);
}, 120_000);
