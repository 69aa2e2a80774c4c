// Queue mode: what a second n8n worker adds. The same 200 redeploys, one execution per simulated device (a
// Webhook workflow per device, each with its own credential), run through n8n 2.41 in queue mode (Redis,
// Postgres, one main) with one worker, then with two, each `--concurrency 1`, so the figure is what a second
// worker process adds and not n8n's in-process concurrency. The devices (another process) answer after 5 ms and
// take 100 ms to stop and to start, so a redeploy mostly waits on the device, as on real hardware.
// Reuses the queue-mode test's cluster (tools/n8n-queue-mode); needs redis-server, postgres and the installed n8n
// engine, and reports n/a without them (it never installs anything).
import { createRequire } from 'node:module';
import { hostDevices } from './lib/hosted.mjs';
import { now, round } from './lib/stats.mjs';

const require = createRequire(import.meta.url);

async function loadCluster() {
  try {
    require('./lib/ts-require.cjs');
    const { missingQueueModeTools } = require('../tools/n8n-queue-mode/services.ts');
    const missing = missingQueueModeTools();
    if (missing.length) return { unavailable: `n/a (needs ${missing.join(', ')})` };
    const { isEngineInstalled } = require('../tools/n8n-queue-mode/engine.ts');
    if (!isEngineInstalled()) return { unavailable: 'n/a (the n8n engine is not installed: `npm run test:n8n-engine` installs it)' };
    return {
      QueueCluster: require('../tools/n8n-queue-mode/cluster.ts').QueueCluster,
      workflows: require('../tools/n8n-queue-mode/workflows.ts'),
    };
  } catch (err) {
    return { unavailable: `n/a (${err.code ?? err.message})` };
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool(items, concurrency, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** How many executions have ended with one of `statuses` (the list API pages by 100; its count is the total). */
async function countEnded(rest, statuses = ['success', 'error', 'crashed', 'canceled']) {
  const filter = encodeURIComponent(JSON.stringify({ status: statuses }));
  const page = await rest.get(`/rest/executions?filter=${filter}&limit=1`);
  return page.count;
}

/** Fires one webhook per device and waits until every execution it started has ended; returns ms and failures. */
async function round200(cluster, paths) {
  const endedBefore = await countEnded(cluster.rest);
  const failedBefore = await countEnded(cluster.rest, ['error', 'crashed', 'canceled']);
  const t = now();
  await pool(paths, 20, (path) => cluster.webhook(path));
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const ended = (await countEnded(cluster.rest)) - endedBefore;
    if (ended >= paths.length) {
      return { ms: now() - t, failures: (await countEnded(cluster.rest, ['error', 'crashed', 'canceled'])) - failedBefore };
    }
    if (Date.now() > deadline) throw new Error(`queue bench: ${ended} of ${paths.length} executions ended in 30 min`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function queueModeSpeedup({ redeploys = 200 } = {}) {
  const loaded = await loadCluster();
  if (loaded.unavailable) return loaded;
  const { QueueCluster, workflows } = loaded;
  const { SecureEdgeClient } = require('../dist/core');

  const fleet = await hostDevices(redeploys, { stopDelayMs: 100, startDelayMs: 100 }, 5);
  let cluster;
  try {
    cluster = await QueueCluster.start({ workers: 2, concurrency: 1 });
    const { urls, password } = fleet;
    // Every device starts with `web` running, as a fleet in the field does.
    await pool(urls, 20, async (url) => {
      const client = new SecureEdgeClient({ url, password });
      try {
        await client.redeploy({
          container: { name: 'web' },
          image: { name: 'nginx', tag: 'latest' },
          networks: [{ name: 'machine-builder' }],
        });
      } finally {
        await client.close();
      }
    });
    const paths = urls.map((_, i) => `bench-device-${i}`);
    await pool(
      urls.map((url, i) => ({ url, i })),
      8,
      async ({ url, i }) => {
        const credential = await cluster.rest.post('/rest/credentials', {
          name: `bench device ${i}`,
          type: 'secureEdgeApi',
          data: { url, username: 'admin', password, ignoreSSLIssues: false },
        });
        const workflow = workflows.webhookToSecureEdge(
          `bench device ${i}`,
          paths[i],
          { id: credential.id, name: credential.name },
          workflows.REDEPLOY_WEB,
        );
        await cluster.activate(await cluster.saveWorkflow(workflow));
      },
    );

    // One worker: the second one stops as an orchestrator stops it, and comes back for the second round.
    await cluster.workers[1].stop();
    const one = await round200(cluster, paths);
    await cluster.startWorker(1);
    const two = await round200(cluster, paths);
    return {
      ratio: round(one.ms / two.ms, 3),
      oneWorkerMs: round(one.ms, 0),
      twoWorkersMs: round(two.ms, 0),
      redeploys,
      failures: one.failures + two.failures,
      concurrencyPerWorker: 1,
    };
  } finally {
    await cluster?.dispose();
    await fleet.close();
  }
}
