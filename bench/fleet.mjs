// Fleet: the same redeploy on 500 simulated devices, 50 at a time, vs the ideal N/c x one device.
// The devices (another process) answer after 5 ms and take 150 ms to stop and to start, so a
// redeploy is dominated by waiting on the device, as on real hardware. Each device gets its own
// client, as a fleet job has.
//
// The ideal's one-device time is measured in the same run on a few extra devices in exactly the
// state the fleet's devices are in (seeded, never redeployed since, a fresh client each): not on
// devices the run already warmed up, which would make the ideal too easy to meet. Efficiency near 1
// only says nothing is serialised; what the client costs is its CPU per redeploy, measured over the
// fleet run. Its goal: one core must keep up with `concurrency` redeploys in flight, so CPU per
// redeploy must stay under one device's time / concurrency.
import { createRequire } from 'node:module';
import { hostDevices } from './lib/hosted.mjs';
import { median, now, round } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { SecureEdgeClient } = require('../dist/core');

const spec = { container: { name: 'app' }, image: { name: 'nginx', tag: 'latest' }, networks: [{ name: 'machine-builder' }] };

async function pool(items, concurrency, work) {
  let next = 0;
  const failures = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await work(item);
        } catch (err) {
          failures.push(err?.code ?? String(err));
        }
      }
    }),
  );
  return failures;
}

async function redeployOn(url, password) {
  const client = new SecureEdgeClient({ url, password });
  try {
    return await client.redeploy(spec);
  } finally {
    await client.close();
  }
}

/** Extra devices, in the fleet's state, timed alone for the ideal. */
const ALONE = 5;

export async function fleetEfficiency({ devices: count = 500, concurrency = 50 } = {}) {
  const fleet = await hostDevices(count + ALONE, { stopDelayMs: 150, startDelayMs: 150 }, 5);
  try {
    const { password } = fleet;
    // Every device starts with the container running, as a fleet in the field does.
    const seedFailures = await pool(fleet.urls, concurrency, (url) => redeployOn(url, password));
    if (seedFailures.length) throw new Error(`fleet bench: seeding failed on ${seedFailures.length} devices (${seedFailures[0]})`);
    const aloneUrls = fleet.urls.slice(count);
    const urls = fleet.urls.slice(0, count);
    const alone = [];
    for (const url of aloneUrls) {
      const t = now();
      await redeployOn(url, password);
      alone.push(now() - t);
    }
    const oneDeviceMs = median(alone);
    const cpu = process.cpuUsage();
    const t = now();
    const failures = await pool(urls, concurrency, (url) => redeployOn(url, password));
    const fleetMs = now() - t;
    const used = process.cpuUsage(cpu);
    const cpuMsPerRedeploy = (used.user + used.system) / 1000 / count;
    const idealMs = Math.ceil(count / concurrency) * oneDeviceMs;
    return {
      efficiency: round(idealMs / fleetMs, 3),
      fleetMs: round(fleetMs, 0),
      idealMs: round(idealMs, 0),
      oneDeviceMs: round(oneDeviceMs, 1),
      oneDeviceFrom: `${ALONE} devices in the fleet's state, timed alone in this run`,
      cpuMsPerRedeploy: round(cpuMsPerRedeploy, 2),
      cpuGoalMs: round(oneDeviceMs / concurrency, 1),
      devices: count,
      concurrency,
      failures: failures.length,
    };
  } finally {
    await fleet.close();
  }
}
