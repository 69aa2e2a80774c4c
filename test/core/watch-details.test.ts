/**
 * Details of watch events that engines pass on to flows as they are: a configuration event lists
 * exactly the environment variables whose value changed (by name: values may be secrets), and
 * emitInitial speaks only of the containers the watch is limited to.
 */
import { parseWatchOptions, pollWatch, WATCH_EVENTS, type SecureEdgeClient } from '../../core';
import { NGINX_SPEC } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let client: SecureEdgeClient;

deviceEachTest((d) => ({ client } = d));

const spec = (name: string, env: { key: string; value: string }[]) => ({
  ...NGINX_SPEC,
  container: { name },
  ports: [],
  volumes: [],
  environment_variables: env,
});

test('an env change names exactly the variables whose value changed, and nothing else', async () => {
  const all = parseWatchOptions({ events: [...WATCH_EVENTS] });
  await client.createContainer(
    spec('web', [
      { key: 'PORT', value: '8081' },
      { key: 'DB_PASSWORD', value: 'hunter2-old' },
    ]),
  );
  const first = await pollWatch(client, {}, all);
  await client.removeContainer('web');
  await client.createContainer(
    spec('web', [
      { key: 'PORT', value: '8081' },
      { key: 'DB_PASSWORD', value: 'hunter2-new' },
      { key: 'MODE', value: 'fast' },
    ]),
  );
  const second = await pollWatch(client, first.cursor, all);
  expect(second.events.map(({ at, ...e }) => e)).toEqual([
    {
      event: 'configuration',
      container: 'web',
      changed: ['environment'],
      from: { environment: ['DB_PASSWORD'] },
      to: { environment: ['DB_PASSWORD', 'MODE'] },
    },
  ]);
});

test('emitInitial with a container list: state events for the listed containers only', async () => {
  await client.createContainer(spec('web', []));
  await client.createContainer(spec('db', []));
  const result = await pollWatch(client, {}, parseWatchOptions({ emitInitial: true, containers: 'web' }));
  expect(result.events.map(({ at, ...e }) => e)).toEqual([{ event: 'state', container: 'web', to: 'created' }]);
});
