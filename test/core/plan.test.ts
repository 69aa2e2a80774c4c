/**
 * plan(): the comparison rules (each kind of drift, `bridge`, the image's merged environment,
 * prune only when asked), against the simulator's real configurations over HTTP. plan sends
 * only GETs.
 */
import { configurationDrift, parseDesiredState, plan, type ContainerConfiguration } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError, NGINX_SPEC, testClient } from '../support/client';
import { deviceEachTest, runningWeb } from '../support/device-each-test';

let sim: RunningSimulator;
let client: ReturnType<typeof testClient>;

deviceEachTest((d) => ({ sim, client } = d), runningWeb);

const changes = () => sim.control.requests.filter((r) => r.method !== 'GET' && r.path !== '/auth/login');

test('a running container exactly as desired: none, with no reasons; only GETs were sent', async () => {
  const result = await plan(client, { containers: [NGINX_SPEC] });
  expect(result).toEqual({
    changes: 0,
    entries: [expect.objectContaining({ name: 'web', action: 'none', reasons: [], running_state: 'running' })],
  });
  expect(changes()).toEqual([]);
});

test('the device adds bridge and merges the image env: neither is drift', async () => {
  const config = await client.getContainerConfiguration('web');
  expect(config.networks.map((n) => n.name)).toContain('bridge');
  expect(config.environment_variables.map((e) => e.key)).toEqual(expect.arrayContaining(['PATH', 'NGINX_VERSION', 'PORT']));
  // A spec that names bridge itself is not drift either.
  const withBridge = { ...NGINX_SPEC, networks: [{ name: 'bridge' }, { name: 'machine-builder' }] };
  expect((await plan(client, { containers: [withBridge] })).entries[0].action).toBe('none');
  // Desired env a subset of the merged one: an image variable given with the image's value is fine.
  const withImageEnv = {
    ...NGINX_SPEC,
    environment_variables: [...NGINX_SPEC.environment_variables, { key: 'NGINX_VERSION', value: '1.27.3' }],
  };
  expect((await plan(client, { containers: [withImageEnv] })).entries[0].action).toBe('none');
});

test.each([
  ['image tag', { image: { name: 'nginx', tag: '1.27' } }, 'image nginx:latest -> nginx:1.27'],
  ['image name', { image: { name: 'eclipse-mosquitto', tag: '2' } }, 'image nginx:latest -> eclipse-mosquitto:2'],
  ['router port', { ports: [{ source: 80, destination: 8000, protocol: 'tcp' }] }, 'ports differ: +80:8000/tcp, -80:8080/tcp'],
  ['protocol', { ports: [{ source: 80, destination: 8080, protocol: 'udp' }] }, 'ports differ: +80:8080/udp, -80:8080/tcp'],
  ['a port less', { ports: [] }, 'ports differ: -80:8080/tcp'],
  [
    'volume path',
    { volumes: [{ name: 'nginx-config', destination: '/etc/nginx/conf.d' }] },
    'volumes differ: +nginx-config:/etc/nginx/conf.d, -nginx-config:/etc/nginx',
  ],
  ['volume added', { volumes: [...NGINX_SPEC.volumes, { name: 'logs', destination: '/var/log' }] }, 'volumes differ: +logs:/var/log'],
  ['network', { networks: [{ name: 'plant' }] }, 'networks differ: +plant, -machine-builder'],
  ['no network', { networks: [] }, 'networks differ: -machine-builder'],
  ['env value', { environment_variables: [{ key: 'PORT', value: '9090' }] }, 'environment: PORT differs'],
  [
    'env key',
    {
      environment_variables: [
        { key: 'PORT', value: '8081' },
        { key: 'MODE', value: 'prod' },
      ],
    },
    'environment: MODE missing',
  ],
  [
    'image env overridden',
    {
      environment_variables: [
        { key: 'PORT', value: '8081' },
        { key: 'NGINX_VERSION', value: '9' },
      ],
    },
    'environment: NGINX_VERSION differs',
  ],
])('%s differs: redeploy, and the reason says what', async (_label, change, reason) => {
  const result = await plan(client, { containers: [{ ...NGINX_SPEC, ...change } as never] });
  expect(result.changes).toBe(1);
  expect(result.entries[0]).toMatchObject({ name: 'web', action: 'redeploy', running_state: 'running' });
  expect(result.entries[0].reasons).toEqual([reason]);
  expect(changes()).toEqual([]);
});

test('ports and volumes compare as sets: another order is no drift', async () => {
  await client.createContainer({
    ...NGINX_SPEC,
    container: { name: 'two' },
    ports: [
      { source: 80, destination: 9001, protocol: 'tcp' },
      { source: 443, destination: 9002, protocol: 'tcp' },
    ],
    volumes: [
      { name: 'a-vol', destination: '/a' },
      { name: 'b-vol', destination: '/b' },
    ],
    networks: [{ name: 'n-one' }, { name: 'n-two' }],
  });
  await client.startContainer('two');
  const reordered = {
    ...NGINX_SPEC,
    container: { name: 'two' },
    ports: [
      { source: 443, destination: 9002, protocol: 'tcp' as const },
      { source: 80, destination: 9001, protocol: 'tcp' as const },
    ],
    volumes: [
      { name: 'b-vol', destination: '/b' },
      { name: 'a-vol', destination: '/a' },
    ],
    networks: [{ name: 'n-two' }, { name: 'n-one' }],
  };
  expect((await plan(client, { containers: [reordered] })).entries[0]).toMatchObject({ action: 'none', reasons: [] });
});

test('environment values never appear in reasons (they may be secrets)', () => {
  const config: ContainerConfiguration = {
    container: { name: 'web' },
    image: { name: 'nginx', tag: 'latest' },
    ports: [],
    volumes: [],
    networks: [],
    environment_variables: [{ key: 'TOKEN', value: 'old-secret-value' }],
  };
  const spec = parseDesiredState({
    containers: [
      { ...NGINX_SPEC, ports: [], volumes: [], networks: [], environment_variables: [{ key: 'TOKEN', value: 'new-secret-value' }] },
    ],
  }).containers[0];
  const reasons = configurationDrift(spec, config);
  expect(reasons).toEqual(['environment: TOKEN differs']);
  expect(reasons.join(' ')).not.toMatch(/secret-value/);
});

test('missing: create; stopped with the right configuration: start; dead: redeploy', async () => {
  await client.stopContainer('web');
  await client.waitForState('web', 'exited', { timeoutMs: 2000 });
  sim.control.clearRequests();
  const other = { ...NGINX_SPEC, container: { name: 'other' }, ports: [], volumes: [] };
  let result = await plan(client, { containers: [NGINX_SPEC, other] });
  expect(result.entries).toEqual([
    expect.objectContaining({ name: 'web', action: 'start', running_state: 'exited', reasons: ['exited, configuration as desired'] }),
    expect.objectContaining({ name: 'other', action: 'create', running_state: 'absent', reasons: ['missing'] }),
  ]);
  expect(result.changes).toBe(2);

  sim.control.setContainerState('web', 'created');
  expect((await plan(client, { containers: [NGINX_SPEC] })).entries[0].action).toBe('start');
  sim.control.setContainerState('web', 'dead');
  result = await plan(client, { containers: [NGINX_SPEC] });
  expect(result.entries[0]).toMatchObject({ action: 'redeploy', reasons: ['dead: a fresh container is needed'] });
  // A stopped container whose configuration also differs needs a redeploy, not a start.
  sim.control.setContainerState('web', 'exited');
  expect((await plan(client, { containers: [{ ...NGINX_SPEC, image: { name: 'nginx', tag: '1.27' } }] })).entries[0].action).toBe(
    'redeploy',
  );
  expect(changes()).toEqual([]);
});

test('containers the desired state does not list are removed only with prune', async () => {
  await client.createContainer({ ...NGINX_SPEC, container: { name: 'stray' }, ports: [], volumes: [] });
  sim.control.clearRequests();
  const without = await plan(client, { containers: [NGINX_SPEC] });
  expect(without.entries.map((e) => e.name)).toEqual(['web']);
  expect(without.changes).toBe(0);
  const explicitlyNot = await plan(client, { containers: [NGINX_SPEC], prune: false });
  expect(explicitlyNot.entries.map((e) => e.name)).toEqual(['web']);

  const pruned = await plan(client, { containers: [NGINX_SPEC], prune: true });
  expect(pruned.entries).toEqual([
    expect.objectContaining({ name: 'web', action: 'none' }),
    expect.objectContaining({ name: 'stray', action: 'remove', running_state: 'created', reasons: ['not in the desired state (prune)'] }),
  ]);
  expect(pruned.changes).toBe(1);
  expect(changes()).toEqual([]);
});

test('a bad desired state is refused naming the field, before any request', async () => {
  const cases: Array<[unknown, string]> = [
    [{ containers: [{ ...NGINX_SPEC, container: { name: '../x' } }] }, 'desired state.containers[0].container.name'],
    [
      { containers: [NGINX_SPEC, { ...NGINX_SPEC, ports: [{ source: 80, destination: 70000, protocol: 'tcp' }] }] },
      'desired state.containers[1].ports[0].destination',
    ],
    [{ containers: [NGINX_SPEC, NGINX_SPEC] }, 'desired state.containers[1].container.name'],
    [{ containers: [NGINX_SPEC], prune: 'yes' }, 'desired state.prune'],
    [{ containers: [NGINX_SPEC], purne: true }, 'desired state'],
    [[NGINX_SPEC], 'desired state'],
  ];
  sim.control.clearRequests();
  for (const [desired, field] of cases) {
    const err = await expectError(() => plan(client, desired as never));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBe(field);
  }
  expect(sim.control.requests).toEqual([]);
});
