// Per item through n8n: the SecureEdge node's "get status" over 1,000 items in one execution, run by
// n8n-core's WorkflowExecute through the n8n-core harness (tools/n8n-harness) with the BUILT node
// (dist/), vs a raw request per call to the same device. Like is compared with like: a round times
// one execution of `items` items and a block of `items` raw calls, each as time per item, and the
// ratio is of the two medians over the rounds. The order alternates each round (raw first, then
// n8n first), so warm-up and drift do not favour either side.
import { createRequire } from 'node:module';
import { Agent } from 'undici';
import { median, now, round, timeEach } from './lib/stats.mjs';
import { CONTAINER, rawSession, rawStatus, seedContainer } from './per-call.mjs';

const require = createRequire(import.meta.url);

async function loadHarness() {
  try {
    require.resolve('../dist/nodes/SecureEdge/SecureEdge.node.js');
    require.resolve('n8n-core');
    require('./lib/ts-require.cjs');
    return require('../tools/n8n-harness/index.ts');
  } catch (err) {
    return { unavailable: `n/a (not built: ${err.code ?? err.message})` };
  }
}

export async function n8nVsRaw({ url, password }, items = 1000, rounds = 6) {
  const harness = await loadHarness();
  if (harness.unavailable) return harness;
  await seedContainer(url, password);
  const n8n = await harness.N8nHarness.create();
  n8n.addDevice({ url }, { password });
  const step = [{ parameters: { resource: 'container', operation: 'getStatus', containerName: harness.byName(CONTAINER) } }];
  const input = Array.from({ length: items }, (_, i) => ({ i }));
  const execute = async (list) => {
    const result = await n8n.run(list, step);
    const out = result.output('SecureEdge') ?? [];
    if (out.length !== list.length || !out.every((item) => typeof item.json.running_state === 'string')) {
      throw new Error(
        `n8n bench: expected ${list.length} status items, got ${out.length} (${result.error('SecureEdge')?.message ?? 'no error'})`,
      );
    }
  };
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
  const cookie = await rawSession(agent, url, password);
  const raw = rawStatus(agent, url, cookie);
  try {
    await execute(input.slice(0, 100));
    await timeEach(100, raw);
    const rawPerItem = [];
    const n8nPerItem = [];
    const timeRaw = async () => {
      const t = now();
      await timeEach(items, raw);
      rawPerItem.push((now() - t) / items);
    };
    const timeN8n = async () => {
      const t = now();
      await execute(input);
      n8nPerItem.push((now() - t) / items);
    };
    for (let r = 0; r < rounds; r++) {
      if (r % 2 === 0) {
        await timeRaw();
        await timeN8n();
      } else {
        await timeN8n();
        await timeRaw();
      }
    }
    const rawMs = median(rawPerItem);
    const itemMs = median(n8nPerItem);
    return {
      ratio: round(itemMs / rawMs, 3),
      perItemMs: round(itemMs, 4),
      rawMedianMs: round(rawMs, 4),
      items,
      rounds,
      order: 'alternating',
      n8nCore: require('n8n-core/package.json').version,
    };
  } finally {
    await agent.close();
  }
}
