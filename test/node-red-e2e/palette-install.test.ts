/**
 * The packed tarball through Node-RED's own palette installer (Manage palette -> Install -> Upload),
 * on Node-RED 4.1 / Node 20 and Node-RED 5 / Node 24: a fresh user directory without this package,
 * the tarball POSTed to the admin API as the editor uploads it, Node-RED's installer runs npm with
 * its own arguments (read back from its trace log), then every node type of the package is loaded
 * and every example flow is listed in Import > Examples and served as shipped.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packPackage } from '../../tools/node-red/install-package.cjs';
import { cleanEnv } from '../../tools/process.cjs';
import { editorNodeDefinitions } from '../support/node-red-package-types';
import { packageJson } from '../support/package-manifest';
import { recordForScan } from '../support/secrets';
import { nodeRed4 } from './support/node-red-4';
import { NODE_RED_5_RED_JS, REPO_ROOT, startNodeRedUnderTest, type NodeRedUnderTest } from './support/node-red-under-test';

/** What Node-RED's installer (@node-red/registry lib/installer.js) runs: `npm install <these> -- <tarball>`. */
const PALETTE_INSTALL_ARGS = [
  'install',
  '--no-audit',
  '--no-update-notifier',
  '--no-fund',
  '--save',
  '--save-prefix=~',
  '--omit=dev',
  '--engine-strict',
];
const INSTALL_MS = 300_000;

const pkg = packageJson();
let packDir: string;
let tarball: string;

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), 'secureedge-palette-pack-'));
  tarball = await packPackage(REPO_ROOT, packDir, { env: cleanEnv(), onOutput: (t: string) => recordForScan('npm pack (palette)', t) });
}, 120_000);
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

/** The example files in the tarball, as Node-RED names them: path under examples/ without ".json". */
function shippedExamples(): Map<string, unknown> {
  const dir = join(REPO_ROOT, 'examples');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  return new Map(
    files.map((f) => [
      f
        .split('\\')
        .join('/')
        .replace(/\.json$/, ''),
      JSON.parse(readFileSync(join(dir, f), 'utf8')),
    ]),
  );
}

interface NodeSet {
  module: string;
  types: string[];
  enabled?: boolean;
  loaded?: boolean;
  err?: unknown;
}

const engines = [
  {
    name: 'Node-RED 5 on Node 24',
    nodeRed: /Node-RED version: v5\./,
    node: /Node\.js {2}version: v24\./,
    start: async () => ({ redJs: NODE_RED_5_RED_JS, nodeBinary: process.execPath }),
  },
  {
    name: 'Node-RED 4.1 on Node 20',
    nodeRed: /Node-RED version: v4\.1\./,
    node: /Node\.js {2}version: v20\./,
    start: async () => {
      const { node20, redJs } = await nodeRed4();
      return { redJs, nodeBinary: node20.binary };
    },
  },
];

describe.each(engines)('$name', ({ name, nodeRed, node, start }) => {
  let nr: NodeRedUnderTest;
  let installed: { name?: string; version?: string; nodes?: Array<{ types: string[] }> };
  const label = `palette-${name.includes('4.1') ? 'nr4' : 'nr5'}`;

  beforeAll(async () => {
    const { redJs, nodeBinary } = await start();
    nr = await startNodeRedUnderTest({
      label,
      redJs,
      nodeBinary,
      installPackage: false,
      settings: { allowPaletteInstall: true, logLevel: 'trace' },
      // The npm cache answers for the dependencies when it can (the tarball itself is local).
      redEnv: { npm_config_prefer_offline: 'true' },
    });
    const form = new FormData();
    form.append('tarball', new Blob([readFileSync(tarball)], { type: 'application/gzip' }), basename(tarball));
    const res = await fetch(`${nr.url}/nodes`, { method: 'POST', body: form });
    const body = await res.text();
    recordForScan(`node-red ${label} install answer`, body);
    if (!res.ok) throw new Error(`Node-RED's installer answered ${res.status}: ${body}\n${nr.red.lines.slice(-30).join('\n')}`);
    installed = JSON.parse(body);
  }, INSTALL_MS);

  afterAll(async () => {
    await nr?.stop();
  });

  test('runs where it should', () => {
    const log = nr.red.lines.join('\n');
    expect(log).toMatch(nodeRed);
    expect(log).toMatch(node);
  });

  test("Node-RED's installer ran npm with the palette's arguments on the uploaded tarball", () => {
    const runs = nr.red.lines
      .filter((l) => /\[trace\].*npm-cli\.js \["/.test(l))
      .map((l) => JSON.parse(l.slice(l.indexOf('["'))) as string[]);
    const install = runs.find((args) => args[1] === 'install');
    expect(install?.slice(1, -2)).toEqual(PALETTE_INSTALL_ARGS);
    expect(install?.slice(-2)).toEqual(['--', join(nr.userDir, 'nodes', `${pkg.name}-${pkg.version}.tgz`)]);
    expect(installed).toMatchObject({ name: pkg.name, version: pkg.version });
  });

  test('the runtime dependencies are installed, the optional n8n-workflow peer is not', () => {
    const modules = join(nr.userDir, 'node_modules');
    expect(JSON.parse(readFileSync(join(nr.userDir, 'package.json'), 'utf8')).dependencies?.[pkg.name]).toBeDefined();
    for (const dep of Object.keys(pkg.dependencies ?? {}))
      expect({ dep, there: existsSync(join(modules, dep, 'package.json')) }).toEqual({ dep, there: true });
    expect(existsSync(join(modules, 'n8n-workflow'))).toBe(false);
  });

  test('every node type of the package is loaded, without a warning about it', async () => {
    const expected = [...editorNodeDefinitions().keys()].sort();
    const sets = JSON.parse(await nr.admin.request('GET', '/nodes', { headers: { accept: 'application/json' } })) as NodeSet[];
    const ours = sets.filter((s) => s.module === pkg.name);
    expect(ours.length).toBe(Object.keys(pkg['node-red']?.nodes ?? {}).length);
    for (const set of ours)
      expect({ ...set, enabled: set.enabled !== false, loaded: set.loaded !== false, err: set.err ?? null }).toMatchObject({
        enabled: true,
        loaded: true,
        err: null,
      });
    expect(ours.flatMap((s) => s.types).sort()).toEqual(expected);
    expect((installed.nodes ?? []).flatMap((s) => s.types).sort()).toEqual(expected);
    expect(nr.problems().filter((l) => l.includes('secureedge') || l.includes(pkg.name))).toEqual([]);
  });

  test('Import > Examples lists every example flow, and serves each as shipped', async () => {
    async function list(path: string): Promise<string[]> {
      const entries = JSON.parse(await nr.admin.request('GET', `/library/examples/flows/${path}`)) as Array<string | { fn: string }>;
      const found: string[] = [];
      for (const entry of entries) {
        if (typeof entry === 'string') found.push(...(await list(`${path}/${entry}`)));
        else found.push(`${path}/${entry.fn}`);
      }
      return found;
    }
    const modules = JSON.parse(await nr.admin.request('GET', '/library/examples/flows/')) as string[];
    expect(modules).toContain(pkg.name);
    const listed = (await list(encodeURIComponent(pkg.name))).map((p) =>
      p.slice(encodeURIComponent(pkg.name).length + 1).replace(/\.json$/, ''),
    );
    const shipped = shippedExamples();
    expect(listed.sort()).toEqual([...shipped.keys()].sort());
    for (const [path, flow] of shipped) {
      const served = JSON.parse(await nr.admin.request('GET', `/library/examples/flows/${encodeURIComponent(pkg.name)}/${path}`));
      expect(served).toEqual(flow);
    }
  });
});
