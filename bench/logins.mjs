// Logins across an expiry: every session ends while 1,000 calls are about to go out at once.
// The device is in this process here: the benchmark needs its control API to expire sessions
// and to count the logins it received.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SecureEdgeClient } = require('../dist/core');
const { startSimulator } = require('../dist/simulator');

export async function loginsPerExpiry(password, calls = 1000) {
  const sim = await startSimulator({ password });
  const client = new SecureEdgeClient({ url: sim.url, password });
  try {
    await client.createContainer({ container: { name: 'bench-web' }, image: { name: 'nginx', tag: 'latest' } });
    sim.control.expireAllSessions();
    sim.control.clearRequests();
    const results = await Promise.allSettled(Array.from({ length: calls }, () => client.getContainerStatus('bench-web')));
    return {
      logins: sim.control.loginCount(),
      calls,
      failures: results.filter((r) => r.status === 'rejected').length,
      rejectedByExpiry: sim.control.requests.filter((r) => r.status === 401).length,
    };
  } finally {
    await client.close();
    await sim.close();
  }
}
