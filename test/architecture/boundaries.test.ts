/** The design's boundaries, checked on the source: core imports no engine; the simulator shares nothing with core; adapters stay apart. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Every relative import of the package's own source resolved to a file (type-only imports included: they tie files together too). */
function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const candidates = (base: string) => [`${base}.ts`, join(base, 'index.ts'), base];
  for (const dir of dirs) {
    for (const { file, imports } of sources(dir)) {
      if (!file.endsWith('.ts')) continue;
      const deps: string[] = [];
      for (const spec of imports) {
        if (!spec.startsWith('.')) continue;
        const base = join(root, file, '..', spec);
        const hit = candidates(base).find((c) => c.endsWith('.ts') && existsSync(c));
        if (hit) deps.push(hit.slice(root.length + 1));
      }
      graph.set(file, deps);
    }
  }
  return graph;
}

/** Each cycle once, as "a -> b -> a". */
function cycles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (state.get(dep) === 'open') {
        const loop = stack.slice(stack.indexOf(dep));
        const start = loop.indexOf([...loop].sort()[0]);
        found.add([...loop.slice(start), ...loop.slice(0, start), loop[start]].join(' -> '));
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return [...found];
}

test('no import cycle in the package: each module can be read, tested and replaced on its own', () => {
  const dirs = ['core', 'simulator', 'nodes', 'credentials', ...(existsSync(join(root, 'cli')) ? ['cli'] : [])];
  const graph = importGraph(dirs);
  expect(graph.size).toBeGreaterThan(40);
  expect(cycles(graph)).toEqual([]);
});

test('the cycle check sees a cycle', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  expect(cycles(graph)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
});

test('nothing outside test/ imports from test/: tools, scripts and the bench stand on their own', () => {
  const outside = [
    'core',
    'simulator',
    'nodes',
    'credentials',
    'tools',
    'scripts',
    'bench',
    ...(existsSync(join(root, 'cli')) ? ['cli'] : []),
  ];
  const offenders: string[] = [];
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === 'node_modules'
          ? []
          : files(join(dir, e.name))
        : e.isFile() && /\.(ts|js|mjs|cjs)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
  for (const dir of outside) {
    for (const file of files(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)) {
        const target = m[1].startsWith('.') ? join(file, '..', m[1]) : m[1];
        if (target.startsWith(join(root, 'test') + '/')) offenders.push(`${file.slice(root.length + 1)}: ${m[1]}`);
      }
    }
  }
  expect(offenders).toEqual([]);
});
