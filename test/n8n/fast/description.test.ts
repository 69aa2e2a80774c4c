/**
 * What n8n's loader sees of the built package: the credential's fields and session wiring, and a
 * node every operation of which reads as an action (n8n's UI and AI agents show these labels).
 */
import { Workflow, type INode, type INodePropertyOptions, type INodeTypes } from 'n8n-workflow';

import { SUBTITLE } from '../../../nodes/SecureEdge/descriptions/subtitle';

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

test('the subtitle says in words what the node does to what ("Get status of web"), in n8n\'s own expression engine', () => {
  // Evaluated as the editor's canvas does (Expression.getSimpleParameterValue, no input data): a
  // subtitle that fails to parse or to resolve there is simply not shown.
  const node = n8n.pkg.secureEdge;
  expect(node.description.subtitle).toBe(SUBTITLE);
  const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) } as unknown as INodeTypes;
  const subtitle = (parameters: Record<string, unknown>) => {
    const wfNode = {
      id: '1',
      name: 'SecureEdge',
      type: 'n8n-nodes-ixon-secureedge.secureEdge',
      typeVersion: 1,
      position: [0, 0] as [number, number],
      parameters,
    } as INode;
    const workflow = new Workflow({ nodes: [wfNode], connections: {}, active: false, nodeTypes });
    return workflow.expression.getSimpleParameterValue(wfNode, SUBTITLE, 'internal', {});
  };
  expect(subtitle({ resource: 'container', operation: 'getStatus', containerName: { __rl: true, mode: 'list', value: 'web' } })).toBe(
    'Get status of web',
  );
  // A name from the input is shown as written, not resolved (there is no input in the editor).
  expect(
    subtitle({ resource: 'container', operation: 'start', containerName: { __rl: true, mode: 'name', value: '={{ $json.name }}' } }),
  ).toBe('Start {{ $json.name }}');
  expect(subtitle({ resource: 'container', operation: 'create', specMode: 'fields', containerName: 'api' })).toBe('Create api');
  expect(subtitle({ resource: 'container', operation: 'getAll' })).toBe('Get many containers');
  expect(subtitle({ resource: 'image', operation: 'getAll' })).toBe('Get many images');
  expect(subtitle({ resource: 'image', operation: 'getDetails', imageName: { value: 'nginx' }, imageTag: { value: 'latest' } })).toBe(
    'Get details of nginx:latest',
  );
  expect(subtitle({ resource: 'volume', operation: 'remove', volumeName: 'data' })).toBe('Remove volume data');
  expect(subtitle({ resource: 'container', operation: 'stop', containerName: { value: '' } })).toBe('Stop');
  expect(subtitle({ resource: 'container', operation: 'getStatus', containerName: { value: '' } })).toBe('Get status');
});

test('Add Port starts empty, and no description carries a developer note or an HTTP status', async () => {
  const props = n8n.pkg.secureEdge.description.properties;
  const ports = props.find((p) => p.name === 'ports')!;
  const row = (ports.options as Array<{ values: Array<{ name: string; default: unknown; placeholder?: string }> }>)[0].values;
  for (const name of ['containerPort', 'routerPort']) {
    expect(row.find((v) => v.name === name)).toMatchObject({ default: null, placeholder: expect.stringMatching(/^e\.g\. \d+$/) });
  }
  const text = JSON.stringify(n8n.pkg.secureEdge.description);
  expect(text).not.toMatch(/--publish|504/);
});
