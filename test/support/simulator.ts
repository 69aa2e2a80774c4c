/**
 * Start a simulator for a test with the scan's password, and register the session cookies it
 * hands out and the passwords it receives (wrong ones too) as secrets for the scan. Always closed
 * by the caller (afterAll/afterEach).
 */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { addSecretProvider, TEST_PASSWORD } from './secrets';

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ password: TEST_PASSWORD, ...options });
  addSecretProvider(() => sim.control.issuedSessionCookies(), 'cookie');
  addSecretProvider(() => [...sim.control.receivedPasswords(), sim.password], 'password');
  return sim;
}
