/**
 * One source for every rule: the same names go to core's schemas, to the n8n editor's field
 * validation (the regex in the built node description) and to the Node-RED editor's checks (the
 * built secureedge.html, run in a sandbox), and all three must give the same verdict. A rule
 * restated by hand in either editor, and since drifted, fails here with the name that splits them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { INodeProperties } from 'n8n-workflow';
import {
  containerNameSchema,
  containerPathSchema,
  envKeySchema,
  imageNameSchema,
  imageTagSchema,
  networkNameSchema,
  volumeNameSchema,
} from '../../core/schemas';
import { badDockerNames, badImageNames } from '../support/bad-input-corpus';

const DIST = join(__dirname, '../../dist');

/** The Node-RED editor's checks, from the built file: its scripts run with a stand-in browser. */
function nodeRedChecks(): { text(rule: string, value: string): string | undefined } {
  const html = readFileSync(join(DIST, 'nodes/node-red/secureedge.html'), 'utf8');
  const sandbox: Record<string, unknown> = {
    RED: { nodes: { registerType() {} }, validators: { typedInput: () => () => true } },
    $: Object.assign(() => ({ val: () => undefined }), { extend: (...o: object[]) => Object.assign({}, ...o) }),
  };
  sandbox.window = sandbox;
  for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) runInNewContext(m[1], sandbox);
  return sandbox.SecureEdgeValidation as { text(rule: string, value: string): string | undefined };
}

/** The n8n editor's validation regex for a resource locator's "By Name" mode, from the built description. */
function n8nRegex(parameter: string): RegExp {
  const { SecureEdge } = require(join(DIST, 'nodes/SecureEdge/SecureEdge.node.js'));
  const props = new SecureEdge().description.properties as INodeProperties[];
  const locator = props.find((p) => p.name === parameter && p.type === 'resourceLocator');
  const mode = locator?.modes?.find((m) => m.name === 'name');
  const rule = mode?.validation?.find((v) => typeof v === 'object' && v.type === 'regex') as { properties: { regex: string } } | undefined;
  if (!rule) throw new Error(`no regex validation on ${parameter}`);
  return new RegExp(rule.properties.regex);
}

const nodeRed = nodeRedChecks();
const texts = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');

const GOOD_NAMES = ['web', 'ab', 'a1', '1a', 'my-app_2.0', 'x'.repeat(128), 'Web', 'a.b-c_d'];
const NAME_CORPUS = [...GOOD_NAMES, ...texts(badDockerNames()), 'x'.repeat(129), 'ab..cd', 'a-'];
const IMAGE_CORPUS = [
  'nginx',
  'nodered/node-red',
  'localhost:5000/foo/bar',
  'registry.example.com/team/app',
  'a__b',
  'a---b',
  'a_-b',
  'Nginx',
  'x'.repeat(255),
  'x'.repeat(256),
  ...texts(badImageNames()),
];
const TAG_CORPUS = ['latest', '1.27.3', '_x', 'v1-rc.2', '.x', '-x', 'a b', 'x'.repeat(128), 'x'.repeat(129), ''];
const ENV_CORPUS = ['PORT', 'a.b', '1 BAD', 'A=B', 'TAB\tX', 'é', '', 'x'.repeat(1024), 'x'.repeat(1025)];
const PATH_CORPUS = [
  '/data',
  '/',
  'relative/path',
  '/a/../b',
  '/a/..',
  '/..x',
  '/a..b',
  '/x\u0001',
  '//',
  `/${'x'.repeat(4095)}`,
  `/${'x'.repeat(4096)}`,
];

const CASES = [
  { rule: 'containerName', schema: containerNameSchema, corpus: NAME_CORPUS, n8n: 'containerName' },
  { rule: 'volumeName', schema: volumeNameSchema, corpus: NAME_CORPUS },
  { rule: 'networkName', schema: networkNameSchema, corpus: NAME_CORPUS },
  { rule: 'imageName', schema: imageNameSchema, corpus: IMAGE_CORPUS, n8n: 'imageName' },
  { rule: 'imageTag', schema: imageTagSchema, corpus: TAG_CORPUS, n8n: 'imageTag' },
  { rule: 'envKey', schema: envKeySchema, corpus: ENV_CORPUS },
  { rule: 'containerPath', schema: containerPathSchema, corpus: PATH_CORPUS },
] as const;

test.each(CASES)(
  '$rule: core, the n8n editor and the Node-RED editor agree on every name of the corpus',
  ({ rule, schema, corpus, ...rest }) => {
    const n8n = 'n8n' in rest ? n8nRegex(rest.n8n) : undefined;
    const verdicts = corpus.map((value) => {
      const core = schema.safeParse(value).success;
      return {
        value: value.length > 40 ? `${value.slice(0, 20)}…(${value.length})` : value,
        core,
        nodeRed: nodeRed.text(rule, value) === undefined,
        ...(n8n ? { n8n: n8n.test(value) } : {}),
      };
    });
    const split = verdicts.filter((v) => v.nodeRed !== v.core || ('n8n' in v && v.n8n !== v.core));
    expect(split).toEqual([]);
    // The corpus holds both verdicts, so agreement is not "everything passes".
    expect(verdicts.some((v) => v.core)).toBe(true);
    expect(verdicts.some((v) => !v.core)).toBe(true);
  },
);

test("the Node-RED editor's reason is core's own message", () => {
  const core = containerNameSchema.safeParse('../x');
  expect(core.success).toBe(false);
  expect(nodeRed.text('containerName', '../x')).toBe(core.error?.issues[0].message);
  expect(nodeRed.text('containerPath', 'relative/path')).toBe(containerPathSchema.safeParse('relative/path').error?.issues[0].message);
});
