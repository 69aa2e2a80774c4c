/** A core client for tests: fast polling and retries, and everything it logs goes to the secret scan. */
import { SecureEdgeClient, type SecureEdgeClientOptions } from '../../core';
import type { RunningSimulator } from '../../simulator';
import { recordForScan } from './secrets';

export function testClient(sim: RunningSimulator, options: Partial<SecureEdgeClientOptions> = {}): SecureEdgeClient {
  return new SecureEdgeClient({
    url: sim.url,
    password: sim.password,
    timeoutMs: 5000,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    poll: { intervalMs: 20, maxIntervalMs: 100 },
    logger: {
      debug: (m) => recordForScan('client log', m),
      warn: (m) => recordForScan('client log', m),
    },
    ...options,
  });
}

/** Run `fn`, expect a SecureEdgeError, record it for the scan and return it for assertions. */
export async function expectError(fn: () => Promise<unknown>): Promise<import('../../core').SecureEdgeError> {
  try {
    await fn();
  } catch (err) {
    recordForScan('thrown error', err);
    const { isSecureEdgeError } = await import('../../core');
    if (!isSecureEdgeError(err)) throw new Error(`expected a SecureEdgeError, got ${String(err)}`);
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}

export const NGINX_SPEC = {
  container: { name: 'web' },
  image: { name: 'nginx', tag: 'latest' },
  ports: [{ source: 80, destination: 8080, protocol: 'tcp' as const }],
  volumes: [{ name: 'nginx-config', destination: '/etc/nginx' }],
  networks: [{ name: 'machine-builder' }],
  environment_variables: [{ key: 'PORT', value: '8081' }],
};
