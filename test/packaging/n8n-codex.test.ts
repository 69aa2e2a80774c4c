/**
 * The n8n codex (<Node>.node.json beside each node): what n8n's editor shows as the node's
 * categories and its Docs / credential docs links. Read from the built package by n8n-core's own
 * PackageDirectoryLoader, as n8n reads an installed community package, and checked against the
 * tarball and the repository's README.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import { packageJson, packedFiles, readmeAnchors, repositoryWebUrl, REPO_ROOT } from '../support/package-manifest';

/** The categories n8n's nodes panel knows (a codex naming another one puts the node in no section). */
const N8N_CATEGORIES = new Set([
  'AI',
  'Analytics',
  'Communication',
  'Core Nodes',
  'Data & Storage',
  'Development',
  'Finance & Accounting',
  'Marketing',
  'Miscellaneous',
  'Productivity',
  'Sales',
  'Utility',
]);

const pkg = packageJson();
let loader: PackageDirectoryLoader;
let files: string[];

beforeAll(async () => {
  loader = new PackageDirectoryLoader(REPO_ROOT);
  await loader.loadAll();
  files = await packedFiles();
}, 180_000); // npm pack --dry-run and a Node-RED runtime load, on a busy 2-core machine

test('every n8n node in package.json has its codex beside it in the tarball', () => {
  const nodes = pkg.n8n?.nodes ?? [];
  expect(nodes.length).toBeGreaterThan(0);
  for (const node of nodes) {
    expect(files).toContain(node);
    expect(files).toContain(node.replace(/\.js$/, '.json'));
  }
});

test("n8n's loader reads a codex for every node: known categories, docs in the repository's README", () => {
  const repo = repositoryWebUrl(pkg);
  const anchors = readmeAnchors();
  expect(loader.types.nodes.length).toBe(pkg.n8n?.nodes?.length);
  for (const node of loader.types.nodes) {
    const codex = node.codex;
    expect(codex?.categories?.length).toBeGreaterThan(0);
    for (const category of codex?.categories ?? []) expect(N8N_CATEGORIES).toContain(category);
    const links = [...(codex?.resources?.primaryDocumentation ?? []), ...(codex?.resources?.credentialDocumentation ?? [])];
    expect(codex?.resources?.primaryDocumentation?.length).toBeGreaterThan(0);
    if (node.credentials?.length) expect(codex?.resources?.credentialDocumentation?.length).toBeGreaterThan(0);
    for (const { url } of links) {
      const [base, anchor] = url.split('#');
      expect(base).toBe(repo);
      expect(anchors).toContain(anchor);
    }
  }
});

test('the codex names its node as n8n does: <package>.<node name>', () => {
  for (const node of pkg.n8n?.nodes ?? []) {
    const codex = require(`${REPO_ROOT}/${node.replace(/\.js$/, '.json')}`) as { node: string };
    const name = loader.types.nodes.find((n) =>
      `${REPO_ROOT}/${node}`.endsWith(`/${n.name.charAt(0).toUpperCase()}${n.name.slice(1)}.node.js`),
    )?.name;
    expect(codex.node).toBe(`${pkg.name}.${name}`);
  }
});
