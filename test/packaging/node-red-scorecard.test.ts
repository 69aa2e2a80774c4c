/**
 * Node-RED's scorecard (node-red-dev validate, shown on flows.nodered.org) without the network:
 * every check it makes that needs none, on this package as `npm pack` would ship it. The node types
 * come from the package itself (test/support/node-red-package-types.ts), so a node added later
 * without an example fails here. The checks that need the network (similar names in the catalogue,
 * out-of-date or known-bad dependencies, cloning the repository) are left to node-red-dev.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJson, packedFiles, REPO_ROOT, type PackageJson } from '../support/package-manifest';
import { editorNodeDefinitions, runtimeNodeTypes } from '../support/node-red-package-types';
import { findNode20 } from '../node-red-e2e/support/node-20';

// semver ships no types of its own; the four functions used here.
const semver = require('semver') as {
  validRange(range: string): string | null;
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
  intersects(a: string, b: string): boolean;
};

/** The Node-RED versions the tests run: 5 (the devDependency) and 4.1 (test/compat/node-red-4). */
function testedNodeReds(): Array<{ version: string; engines: string }> {
  const nr5 = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'node-red', 'package.json'), 'utf8'));
  const lock4 = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'compat', 'node-red-4', 'package-lock.json'), 'utf8'));
  const nr4 = lock4.packages['node_modules/node-red'];
  return [
    { version: nr5.version, engines: nr5.engines.node },
    { version: nr4.version, engines: nr4.engines.node },
  ];
}

const pkg: PackageJson = packageJson();
let files: string[];
let runtimeTypes: Array<{ set: string; type: string }>;
let editor: ReturnType<typeof editorNodeDefinitions>;

beforeAll(async () => {
  files = await packedFiles();
  runtimeTypes = await runtimeNodeTypes();
  editor = editorNodeDefinitions();
}, 180_000); // npm pack --dry-run and a Node-RED runtime load, on a busy 2-core machine

/** The example flows in the tarball: every .json under examples/, as Node-RED's Import > Examples lists them. */
function packedExamples(): Array<{ path: string; nodes: Array<{ id?: unknown; type?: unknown }> }> {
  return files
    .filter((f) => f.startsWith('examples/') && f.endsWith('.json'))
    .map((path) => ({ path, nodes: JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) }));
}

describe('package.json', () => {
  test('P01: a license, with its text in the tarball', () => {
    expect(pkg.license).toBe('MIT');
    expect(files).toContain('LICENSE');
  });

  test('P03: repository, bugs and homepage point at the repository', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/) });
    const web = (pkg.repository as { url: string }).url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(pkg.bugs).toEqual({ url: `${web}/issues` });
    expect(pkg.homepage).toBe(`${web}#readme`);
  });

  test("P05: the node-red keyword (and n8n's community-node keyword)", () => {
    expect(pkg.keywords).toEqual(expect.arrayContaining(['node-red', 'n8n-community-node-package']));
  });

  test('P06: node-red.version admits the Node-RED versions tested, and none older than the oldest tested', () => {
    const range = pkg['node-red']?.version;
    expect(range && semver.validRange(range)).toBeTruthy();
    const tested = testedNodeReds();
    for (const { version } of tested) expect({ version, ok: semver.satisfies(version, range!) }).toEqual({ version, ok: true });
    const oldest = tested.map((t) => t.version.split('.').slice(0, 2).join('.')).sort()[0];
    expect(semver.minVersion(range!)?.version).toBe(`${oldest}.0`);
  });

  test("P07: engines.node admits the newest Node-RED's minimum Node and the Node 20 the tests use", () => {
    const engines = pkg.engines?.node;
    expect(engines && semver.validRange(engines)).toBeTruthy();
    const [newest, ...older] = testedNodeReds();
    expect(semver.satisfies(semver.minVersion(newest.engines)!.version, engines!)).toBe(true);
    for (const nr of older) expect(semver.intersects(nr.engines, engines!)).toBe(true);
    const node20 = findNode20();
    if (!node20) throw new Error('no Node.js 20 on this machine (the Node-RED 4 compat test needs it too)');
    expect(semver.satisfies(node20.version.replace(/^v/, ''), engines!)).toBe(true);
  });

  test('D01: at most 6 runtime dependencies', () => {
    expect(Object.keys(pkg.dependencies ?? {}).length).toBeLessThanOrEqual(6);
  });

  test("n8n-workflow is an optional peer (Node-RED's palette installer must not pull n8n in)", () => {
    expect(pkg.dependencies?.['n8n-workflow']).toBeUndefined();
    expect(pkg.peerDependencies?.['n8n-workflow']).toBeDefined();
    expect(pkg.peerDependenciesMeta?.['n8n-workflow']?.optional).toBe(true);
  });
});

describe('node types', () => {
  test('every node set in package.json ships with its runtime and editor files', () => {
    for (const file of Object.values(pkg['node-red']?.nodes ?? {})) {
      expect(files).toContain(file);
      expect(files).toContain(file.replace(/\.js$/, '.html'));
    }
  });

  test('the runtime and the editor define the same types', () => {
    expect(runtimeTypes.length).toBeGreaterThan(0);
    expect(new Set(runtimeTypes.map((t) => t.type))).toEqual(new Set(editor.keys()));
  });

  test("N01: type names are unique and in the package's own namespace (secureedge-)", () => {
    const names = runtimeTypes.map((t) => t.type);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const name of names) expect(name).toMatch(/^secureedge-[a-z0-9-]+$/);
  });

  test('N02: every node type except config nodes is used by an example flow in the tarball', () => {
    const used = new Set(packedExamples().flatMap((e) => e.nodes.map((n) => n.type)));
    const needed = [...editor].filter(([, def]) => def.category !== 'config').map(([type]) => type);
    expect(needed.length).toBeGreaterThan(0);
    expect(needed.filter((type) => !used.has(type))).toEqual([]);
  });

  test('config nodes are told apart by the editor: the device node is one', () => {
    expect(editor.get('secureedge-device')?.category).toBe('config');
    expect(
      [...editor.values()].filter((d) => d.category !== 'config').every((d) => typeof d.category === 'string' && d.category !== ''),
    ).toBe(true);
  });
});

describe('examples', () => {
  test('every .json under examples/ is in the tarball and is a Node-RED flow (n8n workflows live in n8n-workflows/)', () => {
    const examples = packedExamples();
    expect(examples.length).toBeGreaterThan(0);
    const onDisk = readdirSync(join(REPO_ROOT, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    expect(examples.map((e) => e.path).sort()).toEqual(onDisk.map((f) => `examples/${f.split('\\').join('/')}`).sort());
    for (const { path, nodes } of examples) {
      expect({ path, isFlow: Array.isArray(nodes) && nodes.every((n) => typeof n.id === 'string' && typeof n.type === 'string') }).toEqual({
        path,
        isFlow: true,
      });
    }
    expect(files.some((f) => f.startsWith('n8n-workflows/'))).toBe(false);
    expect(existsSync(join(REPO_ROOT, 'n8n-workflows'))).toBe(true);
  });
});
