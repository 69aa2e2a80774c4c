/**
 * What an error carries to n8n items, Node-RED's msg.error and logs: its JSON holds the name, the
 * code and the message, and each of status, method, path, field and details only when set (no
 * `"status": undefined` noise, no field invented); the cause is kept only when there is one, and
 * `with()` changes what it is told and keeps the rest. Also the spec rules that only a whole
 * spec can break: a router port or an environment variable given twice is named, with its place.
 */
import { containerSpecSchema, SecureEdgeError } from '../../core';
import { parseInput } from '../../core/validate';

test('JSON: name, code and message always; every other field only when set', () => {
  const bare = new SecureEdgeError({ code: 'NOT_FOUND', message: 'No container web.' });
  expect(JSON.parse(JSON.stringify(bare))).toEqual({ name: 'SecureEdgeError', code: 'NOT_FOUND', message: 'No container web.' });
  expect(bare.name).toBe('SecureEdgeError');
  const everything = {
    code: 'INVALID_INPUT',
    message: 'Invalid input.',
    status: 400,
    method: 'POST',
    path: '/api/v1/docker/containers',
    field: 'container',
    details: { sent: false },
  } as const;
  expect(new SecureEdgeError(everything).toJSON()).toEqual({ name: 'SecureEdgeError', ...everything });
  // Each field alone appears alone.
  for (const [key, value] of Object.entries({ status: 500, method: 'GET', path: '/x', field: 'f', details: {} })) {
    const one = new SecureEdgeError({ code: 'DEVICE_ERROR', message: 'm', [key]: value });
    expect(Object.keys(one.toJSON())).toEqual(['name', 'code', 'message', key]);
  }
});

test('a cause is kept only when given, and with() keeps it and every field it is not told to change', () => {
  const cause = new Error('ECONNRESET');
  const withCause = new SecureEdgeError({
    code: 'NETWORK',
    message: 'Lost.',
    method: 'GET',
    path: '/p',
    status: 0,
    field: 'x',
    details: { sent: true },
    cause,
  });
  expect(withCause.cause).toBe(cause);
  expect('cause' in new SecureEdgeError({ code: 'NETWORK', message: 'Lost.' })).toBe(false);
  const changed = withCause.with({ message: 'Lost, and more.' });
  expect([
    changed.code,
    changed.message,
    changed.method,
    changed.path,
    changed.status,
    changed.field,
    changed.details,
    changed.cause,
  ]).toEqual(['NETWORK', 'Lost, and more.', 'GET', '/p', 0, 'x', { sent: true }, cause]);
});

test('a router port or an environment variable given twice is refused, naming it and its place', () => {
  const base = { container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } };
  const refusal = (extra: object) => {
    try {
      parseInput(containerSpecSchema, { ...base, ...extra }, 'container spec', false);
      return 'accepted';
    } catch (err) {
      return (err as Error).message;
    }
  };
  expect(
    refusal({
      ports: [
        { source: 80, destination: 8080, protocol: 'tcp' },
        { source: 81, destination: 8080, protocol: 'udp' },
        { source: 82, destination: 8080, protocol: 'tcp' },
      ],
    }),
  ).toBe('Invalid input: container spec.ports[2].destination: router port 8080/tcp is mapped twice. Nothing was sent to the device.');
  expect(
    refusal({
      environment_variables: [
        { key: 'A', value: '1' },
        { key: 'B', value: '2' },
        { key: 'A', value: '3' },
      ],
    }),
  ).toBe(
    'Invalid input: container spec.environment_variables[2].key: environment variable A is given twice. Nothing was sent to the device.',
  );
  // The same port on another protocol, and distinct keys, are fine.
  expect(
    refusal({
      ports: [
        { source: 80, destination: 8080, protocol: 'tcp' },
        { source: 81, destination: 8080, protocol: 'udp' },
      ],
      environment_variables: [
        { key: 'A', value: '1' },
        { key: 'B', value: '1' },
      ],
    }),
  ).toBe('accepted');
});
