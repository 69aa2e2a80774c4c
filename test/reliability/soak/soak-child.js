/**
 * The soak itself, run in a child process (node --expose-gc) by soak.test.ts: there it owns the
 * real `process`, so it can count unhandled rejections and uncaught exceptions itself, and its
 * heap is not mixed with Jest's. It loads the BUILT core and simulator (dist/).
 *
 * Input: one JSON argument {operations, workers, seed, password}. Output: one JSON line on stdout
 * with the figures; the test asserts on them.
 */
'use strict';
const path = require('node:path');
const dist = path.join(__dirname, '../../../dist');
const { SecureEdgeClient, isSecureEdgeError, SECUREEDGE_ERROR_CODES } = require(path.join(dist, 'core'));
const { startSimulator } = require(path.join(dist, 'simulator'));

// Every code but CANCELLED: nothing cancels here, so a CANCELLED would be a fault let through.
const CODES = SECUREEDGE_ERROR_CODES.filter((c) => c !== 'CANCELLED');
const CONTAINERS = 8;
const WARMUP = 500;

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason && reason.message ? reason.message : reason)));
process.on('uncaughtException', (err) => unhandled.push(String(err && err.message ? err.message : err)));

function heapMB() {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Open TCP sockets (both ends: client and simulator live in this process). */
function openSockets() {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** mulberry32: the operation mix is the same on every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const { operations: OPERATIONS, workers: WORKERS, seed, password } = JSON.parse(process.argv[2]);
  const baselineSockets = openSockets();
  const sim = await startSimulator({ password, seed, recordLimit: 2000 });
  // Client log lines are kept once per shape (digits folded) so that memory stays flat; the test scans them.
  const logShapes = new Set();
  const keep = (m) => logShapes.add(m.replace(/\d+/g, '#'));
  const client = new SecureEdgeClient({
    url: sim.url,
    password,
    timeoutMs: 2000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 40 },
    poll: { intervalMs: 10, maxIntervalMs: 50 },
    logger: { debug: keep, warn: keep },
  });
  const names = Array.from({ length: CONTAINERS }, (_, i) => `soak-${i}`);
  const spec = (name) => ({
    container: { name },
    image: { name: 'nginx', tag: 'latest' },
    volumes: [{ name: `${name}-data`, destination: '/data' }],
    networks: [{ name: 'machine-builder' }],
    environment_variables: [{ key: 'MODE', value: 'soak' }],
  });
  for (const n of names) await client.createContainer(spec(n));

  const random = seeded(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const mix = [
    [30, () => client.getContainerStatus(pick(names))],
    [12, () => client.listContainers()],
    [8, () => client.listImages()],
    [5, () => client.getImageDetails('nginx', 'latest')],
    [10, () => client.getContainerConfiguration(pick(names))],
    [12, () => client.startContainer(pick(names))],
    [12, () => client.stopContainer(pick(names))],
    [3, () => client.removeContainer(pick(names))],
    [6, () => client.createContainer(spec(pick(names)), { createTimeoutMs: 200 })],
    [2, () => client.removeVolume(`${pick(names)}-data`)],
  ];
  const totalWeight = mix.reduce((s, [w]) => s + w, 0);
  const next = () => {
    let r = random() * totalWeight;
    for (const [w, run] of mix) if ((r -= w) < 0) return run;
    return mix[0][1];
  };

  const outcomes = { ok: 0 };
  const strangers = [];
  const messages = new Set();
  async function runMany(count) {
    let issued = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (issued < count) {
          const n = issued++;
          // The device misbehaves on its own schedule: sessions end, and now and then it reboots.
          if (n > 0 && n % 700 === 0) sim.control.expireAllSessions();
          if (n > 0 && n % 2500 === 0) void sim.control.restart({ downMs: 30 });
          try {
            await next()();
            outcomes.ok++;
          } catch (err) {
            if (!isSecureEdgeError(err) || !CODES.includes(err.code)) {
              strangers.push(String(err && err.stack ? err.stack : err));
              continue;
            }
            outcomes[err.code] = (outcomes[err.code] || 0) + 1;
            messages.add(err.message.replace(/\d+/g, '#'));
          }
        }
      }),
    );
  }

  // Warm up (JIT, connection pool, first session), then take the baseline, then the run proper.
  await runMany(WARMUP);
  sim.control.setFaults({ errorRate: 0.04, dropRate: 0.01, errorStatuses: [500, 502, 503] });
  const heapBefore = heapMB();
  const started = Date.now();
  await runMany(OPERATIONS);
  const seconds = (Date.now() - started) / 1000;
  sim.control.clearFaults();
  const heapAfter = heapMB();
  const socketsEndOfRun = openSockets();

  await client.close();
  // The simulator's end of each connection closes when it sees the client's FIN: give it a moment.
  for (let i = 0; i < 100 && openSockets() > baselineSockets; i++) await sleep(20);
  const socketsAfterClose = openSockets();
  const heapAfterClose = heapMB();
  const issued = typeof sim.control.issuedSessionCookies === 'function' ? sim.control.issuedSessionCookies() : [];
  await sim.close();
  await sleep(50);

  // The child's own secret scan: nothing it produced may hold the password or an issued cookie.
  const produced = [...messages, ...logShapes, ...strangers].join('\n');
  const leaks = [password, ...issued].filter((s) => s && produced.includes(s)).length;

  process.stdout.write(
    JSON.stringify({
      node: process.version,
      operations: OPERATIONS,
      warmup: WARMUP,
      workers: WORKERS,
      seconds,
      outcomes,
      strangers,
      unhandled,
      heapMB: { before: heapBefore, after: heapAfter, afterClose: heapAfterClose },
      openSockets: { baseline: baselineSockets, endOfRun: socketsEndOfRun, afterClose: socketsAfterClose },
      logins: client.loginCount,
      sessionsIssued: issued.length,
      leaks,
      messages: [...messages],
      logShapes: [...logShapes],
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`soak failed: ${err && err.stack ? err.stack : err}\n`);
  process.exitCode = 1;
});
