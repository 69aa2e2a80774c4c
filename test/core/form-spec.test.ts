/**
 * Both editors turn their create dialog into a spec with core's specFromForm: ports typed as text,
 * a protocol left blank, networks as comma-separated text, an env value left empty. What the
 * device receives from such a form is checked here over real HTTP; a form that is wrong fails with
 * INVALID_INPUT naming the field, and nothing is sent.
 */
import { specFromForm, type SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

test('a form filled in as an editor hands it over creates exactly that container', async () => {
  const spec = specFromForm({
    name: 'web',
    image: 'nginx',
    tag: 'latest',
    ports: [
      { containerPort: ' 80 ', routerPort: '8080', protocol: '' },
      { containerPort: 53, routerPort: '5353', protocol: 'udp' },
    ],
    volumes: [{ volume: 'nginx-config', containerPath: '/etc/nginx' }],
    env: [{ key: 'PORT', value: 8081 }, { key: 'EMPTY', value: null }, { key: 'UNSET' }],
    networks: ' machine-builder , plant-a ,, ',
  });
  await client.createContainer(spec);
  const [c] = sim.control.containers();
  expect(c).toMatchObject({
    name: 'web',
    image: 'nginx',
    tag: 'latest',
    ports: [
      { source: 80, destination: 8080, protocol: 'tcp' },
      { source: 53, destination: 5353, protocol: 'udp' },
    ],
    volumes: [{ name: 'nginx-config', destination: '/etc/nginx' }],
    networks: ['machine-builder', 'plant-a'],
    env: [
      { key: 'PORT', value: '8081' },
      { key: 'EMPTY', value: '' },
      { key: 'UNSET', value: '' },
    ],
  });
});

test('networks left out put the container on the device UI’s default network; a list is trimmed', async () => {
  await client.createContainer(specFromForm({ name: 'one', image: 'nginx', tag: 'latest' }));
  await client.createContainer(specFromForm({ name: 'two', image: 'nginx', tag: 'latest', networks: null }));
  await client.createContainer(specFromForm({ name: 'three', image: 'nginx', tag: 'latest', networks: [' plant-b '] }));
  const byName = Object.fromEntries(sim.control.containers().map((c) => [c.name, c]));
  expect(byName.one.networks).toEqual(['machine-builder']);
  expect(byName.two.networks).toEqual(['machine-builder']);
  expect(byName.three.networks).toEqual(['plant-b']);
  expect(byName.one.ports).toEqual([]);
  expect(byName.one.volumes).toEqual([]);
  expect(byName.one.env).toEqual([]);
});

test('empty network text means no named network, not the default', () => {
  expect(specFromForm({ name: 'web', image: 'nginx', tag: 'latest', networks: ' , ' }).networks).toEqual([]);
});

test.each([
  ['a port that is not a whole number', { ports: [{ containerPort: '80a', routerPort: '8080' }] }, 'container spec.ports[0].source'],
  ['a negative port', { ports: [{ containerPort: '80', routerPort: '-1' }] }, 'container spec.ports[0].destination'],
  ['a port with a fraction', { ports: [{ containerPort: '8.5', routerPort: '8080' }] }, 'container spec.ports[0].source'],
  ['a port in a list', { ports: [{ containerPort: ['80'], routerPort: '8080' }] }, 'container spec.ports[0].source'],
  ['a protocol in capitals', { ports: [{ containerPort: '80', routerPort: '8080', protocol: 'TCP' }] }, 'container spec.ports[0].protocol'],
  ['a network that is not a name', { networks: [42] }, 'container spec.networks[0]'],
  ['networks that are neither text nor a list', { networks: 7 }, 'container spec.networks'],
  ['a bad name among the networks', { networks: 'plant-a, bad name' }, 'container spec.networks[1].name'],
])('%s: INVALID_INPUT naming the field, nothing sent', async (_label, extra, field) => {
  const spec = specFromForm({ name: 'web', image: 'nginx', tag: 'latest', ...extra });
  const err = await expectError(() => client.createContainer(spec));
  expect(err.code).toBe('INVALID_INPUT');
  expect(err.field).toBe(field);
  expect(sim.control.requests).toHaveLength(0);
});

test('port text that is not a whole number stays text, and the message says so', async () => {
  for (const text of ['8.5', '80a', 'a80', '80 80']) {
    const spec = specFromForm({ name: 'web', image: 'nginx', tag: 'latest', ports: [{ containerPort: text, routerPort: '8080' }] });
    expect(spec.ports?.[0].source).toBe(text);
    const err = await expectError(() => client.createContainer(spec));
    expect(err.message).toContain('container spec.ports[0].source: must be a whole number from 1 to 65535 (not a text)');
  }
  expect(sim.control.requests).toHaveLength(0);
});
