// Build: TypeScript -> dist/, then copy what tsc does not (Node-RED editor HTML, icons).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNodeRedEditor } from './build-node-red-editor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

/** Copy every file under `from` whose name ends with one of `exts` to the same place under dist/. */
function copyAssets(from, exts) {
  const src = join(root, from);
  if (!existsSync(src)) return;
  for (const entry of readdirSync(src, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !exts.some((e) => entry.name.endsWith(e))) continue;
    const abs = join(entry.parentPath ?? entry.path, entry.name);
    const rel = abs.slice(root.length + 1);
    mkdirSync(dirname(join(dist, rel)), { recursive: true });
    cpSync(abs, join(dist, rel));
  }
}
copyAssets('nodes', ['.html', '.svg', '.png', '.json']);
copyAssets('credentials', ['.svg', '.png']);
copyAssets('icons', ['.svg', '.png']);
buildNodeRedEditor(root, dist);
// The package's commands (package.json "bin") must be executable after install and in dist/.
for (const bin of ['simulator/cli.js', 'cli/secureedge.js']) {
  const file = join(dist, bin);
  if (existsSync(file)) chmodSync(file, 0o755);
}
