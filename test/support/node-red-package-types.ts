/**
 * The Node-RED node types this package really provides, derived from the package itself (so it stays
 * true as nodes are added): every node set in package.json's "node-red".nodes, loaded from dist/
 * into Node-RED 5's runtime (node-red-node-test-helper) with each RED.nodes.registerType call noted
 * on its way through; and the editor definitions of the same sets (<set>.html), run as the editor
 * runs them, for what only the editor knows: which types are config nodes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { packageJson, REPO_ROOT } from './package-manifest';

interface RedApi {
  nodes: { registerType(type: string, ...rest: unknown[]): unknown };
}
interface TestHelper {
  init(runtimePath: string): void;
  load(nodes: Array<(red: RedApi) => unknown>, flow: unknown[]): Promise<void>;
  unload(): Promise<void>;
}

/** package.json's node sets: set name -> the built .js file. */
export function nodeRedSets(): Record<string, string> {
  const sets = packageJson()['node-red']?.nodes ?? {};
  if (Object.keys(sets).length === 0) throw new Error('package.json has no "node-red".nodes');
  return Object.fromEntries(Object.entries(sets).map(([name, file]) => [name, join(REPO_ROOT, file)]));
}

/** Every type registered by the runtime side of every node set, in registration order, with its set. */
export async function runtimeNodeTypes(): Promise<Array<{ set: string; type: string }>> {
  const helper = require('node-red-node-test-helper') as TestHelper;
  helper.init(require.resolve('node-red'));
  const registered: Array<{ set: string; type: string }> = [];
  const loaders = Object.entries(nodeRedSets()).map(([set, file]) => (red: RedApi) => {
    const register = red.nodes.registerType.bind(red.nodes);
    red.nodes.registerType = (type: string, ...rest: unknown[]) => {
      registered.push({ set, type });
      return register(type, ...rest);
    };
    return (require(file) as (red: RedApi) => unknown)(red);
  });
  await helper.load(loaders, []);
  await helper.unload();
  return registered;
}

/**
 * Something that answers every property read and call with itself: stands in for the browser
 * (jQuery, RED's editor helpers) while the editor scripts only *define* their nodes.
 */
function anything(): unknown {
  const target = function () {};
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

/** The editor's node definitions of every node set: type -> its category ('config' for config nodes). */
export function editorNodeDefinitions(): Map<string, { category: unknown; set: string }> {
  const definitions = new Map<string, { category: unknown; set: string }>();
  for (const [set, file] of Object.entries(nodeRedSets())) {
    const html = readFileSync(file.replace(/\.js$/, '.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*type=["']text\/javascript["'][^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
    const registerType = (type: string, def: { category?: unknown }) => {
      if (definitions.has(type)) throw new Error(`${set}: the editor registers ${type} twice`);
      definitions.set(type, { category: def?.category, set });
    };
    const browser: Record<string, unknown> = { $: anything(), jQuery: anything(), document: anything(), console };
    browser.RED = new Proxy(
      { nodes: new Proxy({ registerType }, { get: (t, k) => (k === 'registerType' ? t.registerType : anything()) }) },
      {
        get: (t, k) => (k === 'nodes' ? t.nodes : anything()),
      },
    );
    browser.window = browser;
    // One context per set, as one page: the scripts of a set share globals, in order.
    const context = createContext(browser);
    for (const script of scripts) runInContext(script, context, { filename: file.replace(/\.js$/, '.html') });
  }
  return definitions;
}
