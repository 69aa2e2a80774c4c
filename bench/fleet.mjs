// Fleet: the same redeploy on 500 simulated devices, 50 at a time, vs the ideal N/c x one device.
// The devices (another process) answer after 5 ms and take 150 ms to stop and to start, so a
// redeploy is dominated by waiting on the device, as on real hardware; one device's time is
// measured alone on the same devices first. Each device gets its own client, as a fleet job has.
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

export async function fleetEfficiency({ devices: count = 500, concurrency = 50 } = {}) {
  const fleet = await hostDevices(count, { stopDelayMs: 150, startDelayMs: 150 }, 5);
  try {
    const { urls, password } = fleet;
    // Every device starts with the container running, as a fleet in the field does.
    const seedFailures = await pool(urls, concurrency, (url) => redeployOn(url, password));
    if (seedFailures.length) throw new Error(`fleet bench: seeding failed on ${seedFailures.length} devices (${seedFailures[0]})`);
    const alone = [];
    for (const url of urls.slice(0, 5)) {
      const t = now();
      await redeployOn(url, password);
      alone.push(now() - t);
    }
    const oneDeviceMs = median(alone);
    const t = now();
    const failures = await pool(urls, concurrency, (url) => redeployOn(url, password));
    const fleetMs = now() - t;
    const idealMs = Math.ceil(count / concurrency) * oneDeviceMs;
    return { efficiency: round(idealMs / fleetMs, 3), fleetMs: round(fleetMs, 0), idealMs: round(idealMs, 0), oneDeviceMs: round(oneDeviceMs, 1), devices: count, concurrency, failures: failures.length };
  } finally {
    await fleet.close();
  }
}
