/**
 * The client remembers names that passed their check, to skip zod on repeated calls
 * (validate.ts: textInput). Remembering must never let an invalid name through: the same bad
 * name is refused every time, whatever was remembered before, and nothing is sent for it.
 */
import { containerNameSchema } from '../../core';
import { TEXT_INPUT_MEMORY, textInput } from '../../core/validate';
import { expectError, testClient } from '../support/client';
import { startTestSimulator } from '../support/simulator';
import type { RunningSimulator } from '../../simulator';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

test('a bad name is refused every time, also after good ones were remembered beyond the memory', () => {
  const check = textInput(containerNameSchema, 'container name');
  for (let i = 0; i < TEXT_INPUT_MEMORY * 2 + 3; i++) expect(check(`app-${i}`)).toBe(`app-${i}`);
  for (let round = 0; round < 3; round++) {
    expect(() => check('bad name!')).toThrow(/Invalid input: container name/);
    expect(() => check('x')).toThrow(/at least 2 characters/);
    expect(() => check(42)).toThrow(/must be a text/);
  }
  expect(check('app-1')).toBe('app-1');
});

test('through the client: the same bad container name twice is INVALID_INPUT twice, with nothing sent', async () => {
  const client = testClient(sim);
  try {
    await client.listImages();
    const before = sim.control.requestCount();
    for (let i = 0; i < 2; i++) {
      const err = await expectError(() => client.getContainerStatus('web app'));
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toMatch(/Nothing was sent to the device/);
    }
    expect(sim.control.requestCount()).toBe(before);
  } finally {
    await client.close();
  }
});
