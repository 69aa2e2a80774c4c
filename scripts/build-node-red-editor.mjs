// Node-RED editor assets: Node-RED loads `<name>.html` beside the `<name>.js` of a node set, and
// icons from an `icons/` folder beside it. The editor code is kept in small parts under
// nodes/node-red/editor/ (one file per node, numbered in palette order, plus partials); this step
// joins them into dist/nodes/node-red/secureedge.html and copies icons/node-red/ next to it.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INCLUDE = /^[ \t]*<!-- include (partials\/[\w.-]+\.html) -->[ \t]*$/gm;

/** A part with its `<!-- include partials/x.html -->` lines replaced by the partial (one level deep). */
function expand(editorDir, file) {
  return readFileSync(join(editorDir, file), 'utf8').replace(INCLUDE, (_line, partial) =>
    readFileSync(join(editorDir, partial), 'utf8').replace(/\n$/, ''),
  );
}

export function buildNodeRedEditor(root, dist) {
  const editorDir = join(root, 'nodes/node-red/editor');
  const outDir = join(dist, 'nodes/node-red');
  const parts = readdirSync(editorDir)
    .filter((f) => /^\d\d-.*\.(js|html)$/.test(f))
    .sort();
  const html = parts
    .map((f) => {
      const text = expand(editorDir, f).trimEnd();
      const body = f.endsWith('.js') ? `<script type="text/javascript">\n${text}\n</script>` : text;
      return `<!-- ${f} -->\n${body}\n`;
    })
    .join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'secureedge.html'), `<!-- Assembled from nodes/node-red/editor/ by scripts/build-node-red-editor.mjs: edit the parts. -->\n${html}`);
  // The parts were copied as plain assets by the generic step; only the assembled file belongs in dist.
  rmSync(join(outDir, 'editor'), { recursive: true, force: true });

  const icons = join(root, 'icons/node-red');
  if (existsSync(icons)) cpSync(icons, join(outDir, 'icons'), { recursive: true });
}
