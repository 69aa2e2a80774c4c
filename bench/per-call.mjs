// Per call: getContainerStatus through the client vs a raw undici keep-alive request to the same
// device with a cookie obtained once (the least any client must do: one request, read, parse).
import { createRequire } from 'node:module';
import { median, round, sideBySide } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { Agent } = require('undici');
const { SecureEdgeClient } = require('../dist/core');

export const CONTAINER = 'bench-web';

/** Log in once by hand; the raw baseline then reuses this cookie for every request. */
export async function rawSession(agent, url, password) {
  const res = await agent.request({
    origin: url,
    path: '/auth/login',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password }).toString(),
  });
  await res.body.text();
  const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('id='));
  if (!setCookie) throw new Error('bench: the device set no id cookie');
  return setCookie.split(';')[0];
}

/** A raw keep-alive GET of the container's status, body read and parsed. */
export function rawStatus(agent, url, cookie, name = CONTAINER) {
  return async () => {
    const res = await agent.request({
      origin: url,
      path: `/api/v1/docker/containers/${name}/status`,
      method: 'GET',
      headers: { cookie, accept: 'application/json' },
    });
    const body = JSON.parse(await res.body.text());
    if (res.statusCode !== 200 || typeof body.running_state !== 'string') throw new Error(`bench: raw status answered ${res.statusCode}`);
    return body;
  };
}

/** Make sure the benchmark container exists on the device. */
export async function seedContainer(url, password, name = CONTAINER) {
  const client = new SecureEdgeClient({ url, password });
  try {
    const existing = await client.listContainers();
    if (!existing.some((c) => c.name === name)) {
      await client.createContainer({ container: { name }, image: { name: 'nginx', tag: 'latest' } });
      await client.startContainer(name);
    }
  } finally {
    await client.close();
  }
}

export async function clientVsRaw({ url, password }, calls = 2000) {
  await seedContainer(url, password);
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const cookie = await rawSession(agent, url, password);
  const client = new SecureEdgeClient({ url, password });
  const contenders = { raw: rawStatus(agent, url, cookie), client: () => client.getContainerStatus(CONTAINER) };
  try {
    await sideBySide(contenders, { rounds: 2, block: 100 }); // warm-up: JIT, pools, session
    const samples = await sideBySide(contenders, { rounds: 20, block: calls / 20 });
    const raw = median(samples.raw);
    const viaClient = median(samples.client);
    return {
      ratio: round(viaClient / raw, 3),
      medianMs: round(viaClient, 4),
      rawMedianMs: round(raw, 4),
      calls,
      logins: client.loginCount,
    };
  } finally {
    await client.close();
    await agent.close();
  }
}
