/** Put containers on a simulator before a flow runs, through core (the nodes are what is under test, not this). */
import { SecureEdgeClient } from '../../core';
import type { RunningSimulator } from '../../simulator';

export async function seedContainers(
  sim: RunningSimulator,
  names: string[],
  opts: { start?: boolean; volumes?: Record<string, string> } = {},
): Promise<void> {
  const client = new SecureEdgeClient({ url: sim.url, password: sim.password });
  try {
    for (const name of names) {
      const volume = opts.volumes?.[name];
      await client.createContainer({
        container: { name },
        image: { name: 'nginx', tag: 'latest' },
        volumes: volume ? [{ name: volume, destination: '/data' }] : [],
      });
      if (opts.start) await client.startContainer(name);
    }
  } finally {
    await client.close();
  }
}

export function stateOf(sim: RunningSimulator, name: string): string | undefined {
  return sim.control.containers().find((c) => c.name === name)?.state;
}
