/**
 * What n8n's loader sees of the built package: the credential's fields and session wiring, and a
 * node every operation of which reads as an action (n8n's UI and AI agents show these labels).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import { N8nHarness } from '../harness';
import { DEFAULT_DEVICE_URL } from '../../../core';

let n8n: N8nHarness;
beforeAll(async () => {
  n8n = await N8nHarness.create();
});

test('the credential: URL, username, password, TLS switch, and an expirable hidden session sent as the id cookie', () => {
  const credential = n8n.pkg.credentialTypes.secureEdgeApi;
  expect(credential.displayName).toBe('SecureEdge API');
  const field = (name: string) => credential.properties.find((p) => p.name === name);
  expect(field('url')).toMatchObject({ type: 'string', default: DEFAULT_DEVICE_URL });
  expect(field('username')).toMatchObject({ type: 'string', default: 'admin' });
  expect(field('password')).toMatchObject({ type: 'string', typeOptions: { password: true } });
  expect(field('ignoreSSLIssues')).toMatchObject({ type: 'boolean', default: false });
  expect(field('sessionId')).toMatchObject({ type: 'hidden', typeOptions: { expirable: true, password: true } });
  expect(typeof credential.preAuthentication).toBe('function');
  expect(credential.authenticate).toEqual({ type: 'generic', properties: { headers: { Cookie: '=id={{$credentials.sessionId}}' } } });
});

test('the node: usable as a tool, tested by its own credential test, every operation with an action label', () => {
  const { description } = n8n.pkg.secureEdge;
  expect(description.usableAsTool).toBe(true);
  expect(description.credentials).toEqual([{ name: 'secureEdgeApi', required: true, testedBy: 'secureEdgeConnectionTest' }]);
  const operations = description.properties.filter((p) => p.name === 'operation');
  const byResource = Object.fromEntries(
    operations.map((p) => [p.displayOptions!.show!.resource![0], (p.options as INodePropertyOptions[]).map((o) => o.name)]),
  );
  expect(byResource).toEqual({
    container: ['Create', 'Ensure', 'Get Configuration', 'Get Many', 'Get Status', 'Redeploy', 'Remove', 'Start', 'Stop', 'Wait for State'],
    image: ['Get Details', 'Get Many'],
    volume: ['Remove'],
  });
  for (const option of operations.flatMap((p) => p.options as INodePropertyOptions[])) {
    expect(option.action).toMatch(/^[A-Z][a-z]+ [a-z]/);
    expect((option.description ?? '').length).toBeGreaterThan(20);
  }
});
