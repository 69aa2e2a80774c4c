// Redeploy vs the vendor's recipe (../shared/reference/vendor-deploy-script-facts.md):
// status -> stop -> sleep 2 s -> remove -> sleep 1 s -> create -> (504: sleep 15 s) -> start.
// The recipe's requests are really sent (raw undici, cookie obtained once) and timed; its fixed
// sleeps are added by computation instead of slept (18 s per 504 run would only make the bench slow).
// Ours is client.redeploy() with the client's default polling, really run, on the same kind of device.
import { createRequire } from 'node:module';
import { Agent } from 'undici';
import { hostDevices } from './lib/hosted.mjs';
import { median, now, round } from './lib/stats.mjs';
import { rawSession } from './per-call.mjs';

const require = createRequire(import.meta.url);
const { SecureEdgeClient } = require('../dist/core');

const C = '/api/v1/docker/containers';
const VENDOR_SLEEPS_MS = { afterStop: 2000, afterRemove: 1000, after504: 15000 };
/** The client's default first poll interval (core/poll.ts DEFAULT_POLL). */
export const POLL_INTERVAL_MS = 250;

const spec = (image = { name: 'nginx', tag: 'latest' }) => ({
  container: { name: 'app' },
  image,
  ports: [{ source: 80, destination: 8080, protocol: 'tcp' }],
  networks: [{ name: 'machine-builder' }],
  environment_variables: [{ key: 'MODE', value: 'bench' }],
});

/** The vendor's recipe, request by request; returns the time spent in its requests and the sleeps it would add. */
async function vendorRecipe(agent, url, cookie, body) {
  let requestMs = 0;
  const send = async (method, path, json) => {
    const t = now();
    const res = await agent.request({
      origin: url,
      path,
      method,
      headers: { cookie, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    await res.body.text();
    requestMs += now() - t;
    return res.statusCode;
  };
  const name = body.container.name;
  let sleepsMs = 0;
  if ((await send('GET', `${C}/${name}/status`)) === 200) {
    await send('POST', `${C}/${name}/stop`);
    sleepsMs += VENDOR_SLEEPS_MS.afterStop;
    await send('DELETE', `${C}/${name}`);
    sleepsMs += VENDOR_SLEEPS_MS.afterRemove;
  }
  const answered504 = (await send('POST', C, body)) === 504;
  if (answered504) {
    sleepsMs += VENDOR_SLEEPS_MS.after504;
    await waitUntilListed(agent, url, cookie, name);
  }
  if ((await send('POST', `${C}/${name}/start`)) >= 300) await send('GET', `${C}/${name}/status`);
  return { requestMs, sleepsMs, answered504 };
}

/** Not timed as recipe work: the recipe sleeps 15 s here instead; we only make sure start finds the container. */
async function waitUntilListed(agent, url, cookie, name) {
  for (;;) {
    const res = await agent.request({ origin: url, path: C, method: 'GET', headers: { cookie } });
    const list = JSON.parse(await res.body.text());
    if (list.some((c) => c.name === name)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitRunning(client, name) {
  await client.waitForState(name, 'running', { timeoutMs: 30_000 });
}

/**
 * One device profile: `runs` redeploys each way on the same device, alternating, after a warm-up.
 * `extraDeviceMs`: device work that no request waits for (state changes after the answer, background creation).
 */
async function compare({ label, options = {}, latencyMs = 0, runs, extraDeviceMs = 0, image, fresh = false }) {
  const devices = await hostDevices(fresh ? 2 : 1, options, latencyMs);
  const password = devices.password;
  const ours = [];
  const vendor = [];
  let answered504 = false;
  try {
    const [urlOurs, urlVendor = urlOurs] = devices.urls;
    const client = new SecureEdgeClient({ url: urlOurs, password });
    const agent = new Agent({ keepAliveTimeout: 10_000 });
    const cookie = await rawSession(agent, urlVendor, password);
    const vendorClient = new SecureEdgeClient({ url: urlVendor, password });
    try {
      if (!fresh) {
        // Warm up both paths and leave a running container to replace.
        await client.redeploy(spec(image));
        await vendorRecipe(agent, urlVendor, cookie, spec(image));
        await waitRunning(vendorClient, 'app');
      }
      for (let i = 0; i < runs; i++) {
        const t = now();
        await client.redeploy(spec(image), { createTimeoutMs: 60_000 });
        ours.push(now() - t);
        const v = await vendorRecipe(agent, urlVendor, cookie, spec(image));
        answered504 ||= v.answered504;
        vendor.push(v);
        await waitRunning(vendorClient, 'app');
      }
    } finally {
      await client.close();
      await vendorClient.close();
      await agent.close();
    }
  } finally {
    await devices.close();
  }
  const oursMs = median(ours);
  const vendorRequestMs = median(vendor.map((v) => v.requestMs));
  const vendorMs = median(vendor.map((v) => v.requestMs + v.sleepsMs));
  const deviceWorkMs = vendorRequestMs + extraDeviceMs;
  return {
    label,
    ratio: round(vendorMs / oursMs, 1),
    oursMs: round(oursMs, 1),
    vendorMs: round(vendorMs, 1),
    deviceWorkMs: round(deviceWorkMs, 1),
    withinOnePoll: oursMs <= deviceWorkMs + POLL_INTERVAL_MS,
    overshootMs: round(oursMs - deviceWorkMs, 1),
    answered504,
    runs,
  };
}

export async function redeployVsVendor() {
  const fast = await compare({ label: 'fast path', runs: 5 });
  const slow = await compare({
    label: 'device 5 ms away, stop and start 300 ms each',
    options: { stopDelayMs: 300, startDelayMs: 300 },
    latencyMs: 5,
    runs: 3,
    extraDeviceMs: 600,
  });
  const big = { name: 'acme/plant-app', tag: '3.1', size: 480_000_000, platforms: ['linux/arm64/v8'], environment: [], createMs: 3000 };
  const first504 = await compare({
    label: 'first create of a big image: 504, 3 s',
    options: { images: [big], gatewayTimeoutMs: 1000 },
    runs: 1,
    fresh: true,
    image: { name: big.name, tag: big.tag },
    extraDeviceMs: big.createMs - 1000,
  });
  return { ...fast, context: [slow, first504] };
}
