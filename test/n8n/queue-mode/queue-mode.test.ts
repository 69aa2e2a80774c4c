/**
 * The SecureEdge nodes in n8n's queue mode: real Redis, real Postgres, the pinned n8n 2.41.1 as one main and two
 * workers (`--concurrency=1`), each with this package installed into its own `~/.n8n/nodes`, against simulated
 * devices over real HTTP on 127.0.0.1 (tools/n8n-queue-mode). One cluster for the whole suite (fixture.ts); the
 * sections, in the order they run:
 * - the shipped examples, activated on the main, run on the workers; `n8n execute` and manual runs still work;
 * - each worker logs in once per device session; the SecureEdge Trigger polls on the main only;
 * - a worker killed mid-redeploy: the next run leaves exactly one `web`, running (last: it kills workers).
 */
import { examplesOnWorkers } from './examples-on-workers';
import { bootCluster, disposeAll, SETUP_MS } from './fixture';
import { sessionsPerWorker, triggerOnMain } from './sessions-and-trigger';
import { workerKilledMidRedeploy } from './worker-killed';

beforeAll(bootCluster, SETUP_MS);
afterAll(disposeAll, 120_000);

describe('the example workflows', examplesOnWorkers);
describe('device sessions', sessionsPerWorker);
describe('the SecureEdge Trigger', triggerOnMain);
describe('a worker killed (SIGKILL) in the middle of a redeploy', workerKilledMidRedeploy);
