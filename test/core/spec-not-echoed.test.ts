/**
 * A whole container spec that is not a spec (a text pasted where the object belongs) is refused
 * naming the field, and never repeated in the message: a spec may hold secrets in its environment
 * values. The same for create and for redeploy.
 */
import type { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { expectError } from '../support/client';
import { deviceEachTest } from '../support/device-each-test';

let sim: RunningSimulator;
let client: SecureEdgeClient;

deviceEachTest((d) => ({ sim, client } = d));

const PASTED = '{"container":{"name":"web"},"environment_variables":[{"key":"TOKEN","value":"not-for-messages"}]}';

test.each([
  ['create', (c: SecureEdgeClient) => c.createContainer(PASTED as never)],
  ['redeploy', (c: SecureEdgeClient) => c.redeploy(PASTED as never)],
])('%s: a spec given as text is refused naming the field, without repeating the text', async (_what, call) => {
  const err = await expectError(() => call(client));
  expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'container spec' });
  expect(err.message).toBe(
    'Invalid input: container spec: Invalid input: expected object, received string. Nothing was sent to the device.',
  );
  expect(err.message).not.toMatch(/not-for-messages|TOKEN/);
  expect(sim.control.requests).toEqual([]);
});
