/** The design's boundaries, checked on the source: core imports no engine; the simulator shares nothing with core; adapters stay apart. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

function sources(dir: string): Array<{ file: string; imports: string[] }> {
  const out: Array<{ file: string; imports: string[] }> = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|js|html)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    out.push({ file: file.slice(root.length + 1), imports });
  }
  return out;
}

test('core/ imports neither engine nor the simulator nor any adapter', () => {
  const files = sources('core');
  expect(files.length).toBeGreaterThan(5);
  for (const { file, imports } of files) {
    for (const spec of imports) {
      expect(`${file}: ${spec}`).not.toMatch(/n8n|node-red|@node-red|simulator|nodes\/|credentials\//);
    }
  }
});

test('simulator/ shares no code with core/ and uses only node built-ins', () => {
  for (const { file, imports } of sources('simulator')) {
    for (const spec of imports) {
      expect(`${file}: ${spec}`).toMatch(/: (node:|\.\/|\.\.\/simulator)/);
    }
  }
});

test('the Node-RED and n8n adapters never import each other and reach the device only through core/', () => {
  const nodeRed = sources('nodes/node-red');
  const n8n = [...sources('nodes/SecureEdge'), ...sources('credentials')];
  for (const { file, imports } of nodeRed) {
    for (const spec of imports) expect(`${file}: ${spec}`).not.toMatch(/SecureEdge\/|credentials|n8n-workflow|undici|tough-cookie/);
  }
  for (const { file, imports } of n8n) {
    for (const spec of imports) expect(`${file}: ${spec}`).not.toMatch(/node-red|undici|tough-cookie/);
  }
});

test('core/ has no import cycle (workflows such as redeploy take narrow dependency interfaces instead of the client)', () => {
  const graph = new Map<string, string[]>();
  for (const { file, imports } of sources('core')) {
    const deps = imports.filter((s) => s.startsWith('./')).map((s) => `core/${s.slice(2)}.ts`);
    graph.set(file, deps);
  }
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const dep of graph.get(file) ?? []) visit(dep, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  expect(graph.get('core/redeploy.ts')).not.toContain('core/client.ts');
  expect(cycles).toEqual([]);
});
