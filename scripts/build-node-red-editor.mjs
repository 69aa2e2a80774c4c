// Node-RED editor assets: Node-RED loads `<name>.html` beside the `<name>.js` of a node set, and
// icons from an `icons/` folder beside it. This step writes dist/nodes/node-red/secureedge.html from:
//  - core's rules and defaults (dist/core/rules.js, so run after tsc) as window.SecureEdgeRules:
//    the dialogs check fields with core's own patterns, limits and words;
//  - the parts under nodes/node-red/editor/ (numbered in palette order, plus partials);
//  - for each operation in the OPERATIONS table with `editor` settings whose dialog is not written
//    by hand (no part holds its data-template-name), a generated registration and dialog; its help
//    stays in its numbered part. Create, redeploy, wait (and watch, ensure) are written by hand and
//    reuse the partials.
// It also copies icons/node-red/ next to the HTML.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const INCLUDE = /^[ \t]*<!-- include (partials\/[\w.-]+\.html) -->[ \t]*$/gm;

/** A part with its `<!-- include partials/x.html -->` lines replaced by the partial (one level deep). */
function expand(editorDir, file) {
  return expandText(editorDir, readFileSync(join(editorDir, file), 'utf8'));
}

function expandText(editorDir, text) {
  return text.replace(INCLUDE, (_line, partial) => readFileSync(join(editorDir, partial), 'utf8').replace(/\n$/, ''));
}

/** core/rules.ts as browser code: the data as JSON, checkText as core's own compiled function. */
function rulesScript(dist) {
  const rules = require(join(dist, 'core/rules.js'));
  const data = {
    RULES: rules.RULES,
    PORT_MIN: rules.PORT_MIN,
    PORT_MAX: rules.PORT_MAX,
    PROTOCOLS: rules.PROTOCOLS,
    RUNNING_STATES: rules.RUNNING_STATES,
    DEFAULTS: rules.DEFAULTS,
    DEFAULT_NETWORK: rules.DEFAULT_NETWORK,
  };
  return `// Generated from core/rules.ts: do not edit.\nwindow.SecureEdgeRules = ${JSON.stringify(data)};\nwindow.SecureEdgeRules.checkText = ${rules.checkText.toString()};`;
}

/** The dialog rows of each target; the container row offers the device's containers. */
const TARGET_ROWS = {
  container: '<!-- include partials/container-row.html -->',
  image: targetRow('image', 'fa-archive', 'Image'),
  tag: targetRow('tag', 'fa-bookmark', 'Tag'),
  volume: targetRow('volume', 'fa-database', 'Volume'),
};

function targetRow(t, icon, label) {
  return [
    '  <div class="form-row">',
    `    <label for="node-input-${t}"><i class="fa ${icon}"></i> ${label}</label>`,
    `    <input type="text" id="node-input-${t}" style="width: 70%" placeholder="empty: msg.${t}" />`,
    `    <input type="hidden" id="node-input-${t}Type" />`,
    '  </div>',
  ].join('\n');
}

function checkboxRow(c) {
  return [
    '  <div class="form-row">',
    '    <label>&nbsp;</label>',
    `    <input type="checkbox" id="node-input-${c.name}" style="display: inline-block; width: auto; vertical-align: top" />`,
    `    <label for="node-input-${c.name}" style="width: auto">${c.label}</label>`,
    '  </div>',
  ].join('\n');
}

/** Registration and dialog of a simple operation node, from its OPERATIONS entry. */
function generatedPart(op) {
  const e = op.editor;
  const options = {
    paletteLabel: e.paletteLabel,
    icon: e.icon,
    verb: e.verb,
    targets: op.targets,
    checkboxes: (e.checkboxes ?? []).map((c) => ({ name: c.name, labelSuffix: c.labelSuffix })),
  };
  if (e.outputLabel) options.outputLabel = e.outputLabel;
  const rows = [
    '<!-- include partials/device-row.html -->',
    ...op.targets.map((t) => TARGET_ROWS[t]),
    ...(e.checkboxes ?? []).map(checkboxRow),
    '<!-- include partials/name-row.html -->',
  ];
  return [
    '<script type="text/javascript">',
    `  SecureEdgeEditor.registerOperation(${JSON.stringify(op.type)}, ${JSON.stringify(options)});`,
    '</script>',
    '',
    `<script type="text/html" data-template-name="${op.type}">`,
    ...rows,
    '</script>',
  ].join('\n');
}

export function buildNodeRedEditor(root, dist) {
  const editorDir = join(root, 'nodes/node-red/editor');
  const outDir = join(dist, 'nodes/node-red');
  const { OPERATIONS } = require(join(dist, 'nodes/node-red/operations.js'));
  const files = readdirSync(editorDir)
    .filter((f) => /^\d\d-.*\.(js|html)$/.test(f))
    .sort();
  const parts = files.map((f) => ({ file: f, text: readFileSync(join(editorDir, f), 'utf8') }));
  const handWritten = (type) => parts.some((p) => p.text.includes(`data-template-name="${type}"`));
  const generated = OPERATIONS.filter((op) => op.editor && !handWritten(op.type));

  // Each generated part goes just before the part that holds its help, so the palette order stays.
  const placed = new Set();
  const pieces = [`<!-- generated from core/rules.ts -->\n<script type="text/javascript">\n${rulesScript(dist)}\n</script>\n`];
  for (const { file } of parts) {
    const text = expand(editorDir, file).trimEnd();
    for (const op of generated) {
      if (!placed.has(op) && text.includes(`data-help-name="${op.type}"`)) {
        placed.add(op);
        pieces.push(`<!-- generated for ${op.type} from nodes/node-red/operations.ts -->\n${expandText(editorDir, generatedPart(op))}\n`);
      }
    }
    const body = file.endsWith('.js') ? `<script type="text/javascript">\n${text}\n</script>` : text;
    pieces.push(`<!-- ${file} -->\n${body}\n`);
  }
  for (const op of generated) {
    if (!placed.has(op)) pieces.push(`<!-- generated for ${op.type} -->\n${expandText(editorDir, generatedPart(op))}\n`);
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'secureedge.html'),
    `<!-- Assembled from nodes/node-red/editor/ by scripts/build-node-red-editor.mjs: edit the parts. -->\n${pieces.join('\n')}`,
  );
  // The parts were copied as plain assets by the generic step; only the assembled file belongs in dist.
  rmSync(join(outDir, 'editor'), { recursive: true, force: true });

  const icons = join(root, 'icons/node-red');
  if (existsSync(icons)) cpSync(icons, join(outDir, 'icons'), { recursive: true });
}
