/** Every kind of input, a generated set of bad values: INVALID_INPUT naming the field, and no request sent. */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import * as corpus from '../support/bad-input-corpus';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';

let sim: RunningSimulator;
let client: SecureEdgeClient;
let checked = 0;
beforeAll(async () => {
  sim = await startTestSimulator();
  client = testClient(sim);
});
afterAll(async () => {
  // Not one of the bad values reached the device; not even a login was needed.
  // Every value of the corpus through every call that takes it (its size is asserted in bad-input-corpus.test.ts).
  expect(checked).toBeGreaterThanOrEqual(1329);
  expect(sim.control.requests).toHaveLength(0);
  await client.close();
  await sim.close();
});

async function rejected(call: () => Promise<unknown>, field: RegExp) {
  const err = await expectError(call);
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.field).toMatch(field);
  expect(err.message).toMatch(/^Invalid input: .+\. Nothing was sent to the device\.$/s);
  checked++;
}

const spec = (patch: Record<string, unknown>) => ({ ...NGINX_SPEC, ...patch });

test('bad container names, through every call that takes one', async () => {
  for (const name of corpus.badDockerNames()) {
    const n = name as string;
    await rejected(() => client.getContainerStatus(n), /^container name$/);
    await rejected(() => client.getContainerConfiguration(n), /^container name$/);
    await rejected(() => client.startContainer(n), /^container name$/);
    await rejected(() => client.stopContainer(n), /^container name$/);
    await rejected(() => client.removeContainer(n), /^container name$/);
    await rejected(() => client.waitForState(n, 'running'), /^container name$/);
    await rejected(() => client.createContainer(spec({ container: { name: n } })), /container\.name$/);
    await rejected(() => client.redeploy(spec({ container: { name: n } })), /container\.name$/);
  }
});

test('bad volume and network names', async () => {
  for (const name of corpus.badDockerNames()) {
    await rejected(() => client.removeVolume(name as string), /^volume name$/);
    await rejected(() => client.createContainer(spec({ volumes: [{ name, destination: '/data' }] })), /volumes\[0\]\.name$/);
  }
  // Network names follow the same characters rule, without Docker's two-character minimum.
  for (const name of corpus.badDockerNames().filter((n) => !(typeof n === 'string' && /^[a-zA-Z0-9]$/.test(n)))) {
    await rejected(() => client.createContainer(spec({ networks: [{ name }] })), /networks\[0\]\.name$/);
  }
});

test('bad image names and tags', async () => {
  for (const name of corpus.badImageNames()) {
    await rejected(() => client.getImageDetails(name as string, 'latest'), /^image name$/);
    await rejected(() => client.createContainer(spec({ image: { name, tag: 'latest' } })), /image\.name$/);
  }
  for (const tag of corpus.badTags()) {
    await rejected(() => client.getImageDetails('nginx', tag as string), /^image tag$/);
    await rejected(() => client.createContainer(spec({ image: { name: 'nginx', tag } })), /image\.tag$/);
  }
});

test('bad ports, protocols, env keys and container paths', async () => {
  for (const port of corpus.badPorts()) {
    await rejected(
      () => client.createContainer(spec({ ports: [{ source: port, destination: 8080, protocol: 'tcp' }] })),
      /ports\[0\]\.source$/,
    );
    await rejected(
      () => client.createContainer(spec({ ports: [{ source: 80, destination: port, protocol: 'tcp' }] })),
      /ports\[0\]\.destination$/,
    );
  }
  for (const protocol of corpus.badProtocols()) {
    await rejected(() => client.createContainer(spec({ ports: [{ source: 80, destination: 8080, protocol }] })), /ports\[0\]\.protocol$/);
  }
  for (const key of corpus.badEnvKeys()) {
    await rejected(
      () => client.createContainer(spec({ environment_variables: [{ key, value: 'x' }] })),
      /environment_variables\[0\]\.key$/,
    );
  }
  for (const destination of corpus.badContainerPaths()) {
    await rejected(() => client.createContainer(spec({ volumes: [{ name: 'data', destination }] })), /volumes\[0\]\.destination$/);
  }
});

test('bad whole specs, including oversized ones', async () => {
  for (const { spec: bad } of corpus.badSpecs()) {
    await rejected(() => client.createContainer(bad as never), /^container spec/);
    await rejected(() => client.redeploy(bad as never), /^container spec/);
  }
});

test('the port message names the rule', async () => {
  const err = await expectError(() => client.createContainer(spec({ ports: [{ source: '80', destination: 8080, protocol: 'tcp' }] })));
  expect(err.message).toBe(
    'Invalid input: container spec.ports[0].source: must be a whole number from 1 to 65535 (not a text). Nothing was sent to the device.',
  );
});
