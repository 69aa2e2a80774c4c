/**
 * Every endpoint, every spoiled answer: truncated JSON, an HTML page and an empty body after the
 * device did the work, and an HTML gateway error page (502) instead of the work. For each, the
 * outcome is right: done exactly once (counted on the simulator) and reported as done, or a
 * coded error, never a crash and never a second attempt at a change.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { recordForScan } from '../support/secrets';
import { startTestSimulator } from '../support/simulator';
import { C, Cleanup, received } from './helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

interface Endpoint {
  label: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Puts the device in the state the call needs. */
  prepare?: (client: SecureEdgeClient) => Promise<unknown>;
  call: (client: SecureEdgeClient) => Promise<unknown>;
  /** For changes: how to see on the device that it was done. */
  done?: (sim: RunningSimulator) => boolean;
  /** For changes: the state the error must report when the device did nothing. */
  stateIfNotDone?: string;
}

const state = (sim: RunningSimulator, name: string) => sim.control.containers().find((c) => c.name === name)?.state;

const ENDPOINTS: Endpoint[] = [
  { label: 'list images', method: 'GET', path: '/api/v1/docker/images', call: (c) => c.listImages() },
  {
    label: 'image details',
    method: 'GET',
    path: '/api/v1/docker/images/nginx/latest/details',
    call: (c) => c.getImageDetails('nginx', 'latest'),
  },
  { label: 'list containers', method: 'GET', path: C, call: (c) => c.listContainers() },
  { label: 'container status', method: 'GET', path: `${C}/web/status`, call: (c) => c.getContainerStatus('web') },
  { label: 'container configuration', method: 'GET', path: `${C}/web/configuration`, call: (c) => c.getContainerConfiguration('web') },
  {
    label: 'create',
    method: 'POST',
    path: C,
    call: (c) => c.createContainer({ ...NGINX_SPEC, container: { name: 'web2' }, ports: [] }),
    done: (sim) => state(sim, 'web2') === 'created',
  },
  {
    label: 'start',
    method: 'POST',
    path: `${C}/web/start`,
    call: (c) => c.startContainer('web'),
    done: (sim) => state(sim, 'web') === 'running',
    stateIfNotDone: 'created',
  },
  {
    label: 'stop',
    method: 'POST',
    path: `${C}/web/stop`,
    prepare: (c) => c.startContainer('web'),
    call: (c) => c.stopContainer('web'),
    done: (sim) => state(sim, 'web') === 'exited',
    stateIfNotDone: 'running',
  },
  {
    label: 'remove container',
    method: 'DELETE',
    path: `${C}/web`,
    call: (c) => c.removeContainer('web'),
    done: (sim) => state(sim, 'web') === undefined,
    stateIfNotDone: 'created',
  },
  {
    label: 'remove volume',
    method: 'DELETE',
    path: '/api/v1/docker/volumes/spare',
    prepare: async (c) => {
      await c.createContainer({ ...NGINX_SPEC, container: { name: 'tmp' }, ports: [], volumes: [{ name: 'spare', destination: '/data' }] });
      await c.removeContainer('tmp');
    },
    call: (c) => c.removeVolume('spare'),
    done: (sim) => !sim.control.volumes().includes('spare'),
  },
];

async function setup(endpoint: Endpoint) {
  const sim = await startTestSimulator();
  const client = testClient(sim);
  cleanup.add(() => sim.close());
  cleanup.add(() => client.close());
  await client.createContainer(NGINX_SPEC);
  await endpoint.prepare?.(client);
  sim.control.clearRequests();
  return { sim, client };
}

const SPOILED = ['truncated-json', 'html', 'empty'] as const;
const cases = ENDPOINTS.flatMap((e) => SPOILED.map((kind) => [e.label, kind, e] as const));

describe('the device did it, then its answer was spoiled', () => {
  test.each(cases)('%s answered with %s', async (_label, kind, endpoint) => {
    const { sim, client } = await setup(endpoint);
    sim.control.injectOnce({ method: endpoint.method, path: endpoint.path }, { kind });

    if (endpoint.method === 'GET') {
      // A read has no effect to report; an answer that is not the documented JSON is BAD_RESPONSE, not a guess.
      const err = await expectError(() => endpoint.call(client));
      expect(err.code).toBe('BAD_RESPONSE');
      expect(err.message).toContain(`GET ${endpoint.path}`);
      expect(err.message).toMatch(kind === 'empty' ? /an empty body/ : /not JSON/);
    } else {
      // A change the device acknowledged with a 2xx is done; its body carries nothing the client needs.
      const result = await endpoint.call(client);
      recordForScan('result', result);
      expect(endpoint.done!(sim)).toBe(true);
    }
    expect(received(sim, endpoint.method, endpoint.path)).toBe(1);
  });
});

describe('a gateway error page (HTML, 502) instead of the work', () => {
  const page =
    '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

  test.each(ENDPOINTS.map((e) => [e.label, e] as const))('%s', async (_label, endpoint) => {
    const { sim, client } = await setup(endpoint);
    sim.control.injectOnce(
      { method: endpoint.method, path: endpoint.path },
      { kind: 'status', status: 502, body: page, contentType: 'text/html' },
    );

    if (endpoint.method === 'GET') {
      // Nothing changes by asking again: retried, and the second answer is the real one.
      const result = await endpoint.call(client);
      recordForScan('result', result);
      expect(received(sim, 'GET', endpoint.path)).toBe(2);
      return;
    }
    const err = await expectError(() => endpoint.call(client));
    expect(err.code).toBe('DEVICE_ERROR');
    expect(err.status).toBe(502);
    expect(err.message).toContain('502 Bad Gateway');
    expect(err.message).not.toMatch(/<[a-z]/i);
    expect(endpoint.done!(sim)).toBe(false);
    if (endpoint.stateIfNotDone) expect(err.details).toMatchObject({ running_state: endpoint.stateIfNotDone });
    // A change is never sent twice on an error answer.
    expect(received(sim, endpoint.method, endpoint.path)).toBe(1);
  });
});
