// `npm run bench` (after `npm run build`): every figure, measured in one run and printed as one
// table with its goal and met / not met; `npm run bench -- --json` prints the same figures as one
// JSON object (each figure's value at the top level, `goals` beside them). A benchmark reports: a
// missed goal is printed, never turned into a failing exit code. To add a figure: measure it below
// into `r`, and add its entry (name, goal, met, rows) to FIGURES in figures.mjs.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate } from './figures.mjs';
import { fleetEfficiency } from './fleet.mjs';
import { coreLoadMs, heapPerSessionKB, runtimeDependencies } from './footprint.mjs';
import { hostDevices } from './lib/hosted.mjs';
import { machine, renderTable } from './lib/table.mjs';
import { loginsPerExpiry } from './logins.mjs';
import { n8nVsRaw } from './n8n.mjs';
import { nodeRedVsRaw } from './node-red.mjs';
import { clientVsRaw } from './per-call.mjs';
import { redeployVsVendor, VENDOR_SLEEPS_MS } from './redeploy.mjs';
import { queueModeSpeedup } from './queue-mode.mjs';
import { loginsPerScheduledDay, refusedLoginsAfterPasswordChange } from './unattended.mjs';
import { watchFigures } from './watch.mjs';

const asJson = process.argv.includes('--json');
const progress = (what) => process.stderr.write(`bench: ${what}...\n`);

if (!existsSync(fileURLToPath(new URL('../dist/core/index.js', import.meta.url)))) {
  process.stderr.write('bench: dist/ is missing; run `npm run bench` (it builds first) or `npm run build`.\n');
  process.exit(1);
}

/** Run one measurement; a failure becomes {error} in its row instead of ending the run. */
async function measure(what, fn) {
  progress(what);
  try {
    return await fn();
  } catch (err) {
    return { error: String(err?.message ?? err).split('\n')[0] };
  }
}

// A password for the simulated devices of this run only; never printed.
const password = `bench-${randomBytes(9).toString('base64url')}`;
const r = {};
r.coreLoad = await measure('loading core in fresh processes', () => coreLoadMs());
r.runtimeDependencies = runtimeDependencies();
{
  const device = await hostDevices(1, { password });
  const target = { url: device.urls[0], password };
  try {
    r.heapPerSession = await measure('heap per idle session', () => heapPerSessionKB(target.url, password));
    r.clientVsRaw = await measure('client vs raw, 2,000 calls each', () => clientVsRaw(target, 2000));
    r.nodeRedVsRaw = await measure('Node-RED node vs raw, 2,000 msgs each', () => nodeRedVsRaw(target, 2000));
    r.n8nVsRaw = await measure('n8n node vs raw, 1,000 items per execution', () => n8nVsRaw(target, 1000));
  } finally {
    await device.close();
  }
}
{
  const lan = await hostDevices(1, { password }, 2);
  try {
    r.clientVsRawLan = await measure('context: client vs raw with a device 2 ms away', () =>
      clientVsRaw({ url: lan.urls[0], password }, 400),
    );
  } finally {
    await lan.close();
  }
}
r.loginsPerExpiry = await measure('logins across an expiry, 1,000 concurrent calls', () => loginsPerExpiry(password, 1000));
r.loginsPerScheduledDay = await measure('n8n: 288 scheduled runs of 3 nodes in a simulated day', () => loginsPerScheduledDay(password));
r.refusedLoginsAfterPasswordChange = await measure('n8n: wrong password, 100 items x 3 nodes', () =>
  refusedLoginsAfterPasswordChange(password),
);
r.redeployVsVendor = await measure("redeploy vs the vendor recipe's fixed sleeps", () => redeployVsVendor());
r.fleetEfficiency = await measure('fleet redeploy, 500 devices, 50 at a time', () => fleetEfficiency({ devices: 500, concurrency: 50 }));
r.watch = await measure('watch: requests per poll (20 containers), detection at a 1 s interval', () => watchFigures());
r.queueModeSpeedup = await measure('n8n queue mode: 200 redeploys through one worker, then two', () =>
  queueModeSpeedup({ redeploys: 200 }),
);

const m = machine();
const { rows, values, goals } = evaluate(r);
if (asJson) {
  process.stdout.write(`${JSON.stringify({ ...values, goals, machine: m, details: r }, null, 2)}\n`);
} else {
  const deps = r.runtimeDependencies;
  const sleeps = VENDOR_SLEEPS_MS;
  const notes = [
    `Runtime dependency tree: ${deps.all.join(', ')}.`,
    `Vendor recipe: its requests are sent and timed; its fixed sleeps (${sleeps.afterStop / 1000} s after stop, ${sleeps.afterRemove / 1000} s after remove, ${sleeps.after504 / 1000} s after a 504) are added, not slept.`,
  ];
  process.stdout.write(`${renderTable(rows, m, notes)}\n`);
}
// Node-RED's runtime and n8n's DI container keep timers alive; the figures are out, so end here.
process.exit(0);
