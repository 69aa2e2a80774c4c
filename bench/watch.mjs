// The watch's cost and speed (issue: watch and trigger).
// - Requests per poll on a device with 20 containers when nothing changed: the API's floor is 21
//   (one container list, 20 status reads); image events add the image list (22).
// - Detection: a container's state is changed on the device at a random moment of the poll cycle
//   and the time until DeviceWatch hands over the event is measured; goal: at most interval + 100 ms.
// The device is in this process: the benchmark needs its control API to change states and count requests.
import { createRequire } from 'node:module';
import { median, round } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { SecureEdgeClient, DeviceWatch, pollWatch, parseWatchOptions } = require('../dist/core');
const { startSimulator } = require('../dist/simulator');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function requestsPerPoll(sim, client, events) {
  const options = parseWatchOptions({ events });
  const { cursor } = await pollWatch(client, {}, options);
  sim.control.clearRequests();
  const second = await pollWatch(client, cursor, options);
  if (second.events.length > 0) throw new Error('the device changed between the two polls');
  return sim.control.requests.length;
}

async function detection(sim, client, intervalMs, samples) {
  let seen;
  const watch = new DeviceWatch(client, { ...parseWatchOptions({ events: ['state'] }), intervalMs }, { onEvent: (e) => seen?.(e) });
  const times = [];
  try {
    watch.start();
    await sleep(intervalMs * 1.5); // past the baseline
    for (let i = 0; i < samples; i++) {
      await sleep(Math.random() * intervalMs);
      const event = new Promise((resolve) => (seen = resolve));
      const to = i % 2 === 0 ? 'exited' : 'running';
      const changedAt = performance.now();
      sim.control.setContainerState('c00', to);
      await event;
      times.push(performance.now() - changedAt);
    }
  } finally {
    await watch.stop();
  }
  return { intervalMs, samples, medianMs: round(median(times), 1), maxMs: round(Math.max(...times), 1), goalMs: intervalMs + 100 };
}

export async function watchFigures({ containers = 20, intervalMs = 1000, samples = 10 } = {}) {
  const sim = await startSimulator({ password: `bench-watch-${process.pid}` });
  const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
  try {
    for (let i = 0; i < containers; i++) {
      const name = `c${String(i).padStart(2, '0')}`;
      await client.createContainer({ container: { name }, image: { name: 'nginx', tag: 'latest' } });
      await client.startContainer(name);
    }
    return {
      containers,
      requestsPerPoll: await requestsPerPoll(sim, client, ['created', 'removed', 'state']),
      requestsPerPollWithImages: await requestsPerPoll(sim, client, undefined),
      floor: containers + 1,
      detection: await detection(sim, client, intervalMs, samples),
    };
  } finally {
    await client.close();
    await sim.close();
  }
}
