/**
 * A real Node-RED for a test: a fresh user directory in the temp folder with this package
 * installed from `npm pack` (as a user installs it), the loopback-only harness settings, red.js
 * started as a child process, and an admin client on its API and comms websocket. Everything
 * Node-RED prints or sends to the editor is recorded for the secret scan.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAdmin, type AdminClient } from '../../../tools/node-red/admin-client.cjs';
import { installIntoUserDir, packPackage } from '../../../tools/node-red/install-package.cjs';
import { startNodeRed, type RunningNodeRed } from '../../../tools/node-red/red-process.cjs';
import { writeSettingsFile, type HarnessSettingsOptions } from '../../../tools/node-red/settings-file.cjs';
import { recordForScan } from '../../support/secrets';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Node-RED 5, the devDependency; run by the Node.js running jest (Node 24). */
export const NODE_RED_5_RED_JS = join(REPO_ROOT, 'node_modules', 'node-red', 'red.js');
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples', 'node-red');

export interface NodeRedUnderTestOptions {
  /** Shows in temp folder names and scan sources. */
  label: string;
  redJs?: string;
  nodeBinary?: string;
  /** The environment npm runs in (e.g. a PATH that picks the npm and Node matching nodeBinary). */
  npmEnv?: NodeJS.ProcessEnv;
  /** A tarball packed earlier; default: pack now. */
  tarball?: string;
  /** false: start Node-RED without this package (core nodes only). */
  installPackage?: boolean;
  /** Settings beyond the harness defaults (e.g. allowPaletteInstall, logLevel). */
  settings?: Omit<HarnessSettingsOptions, 'port'>;
  /** Extra environment variables for red.js (and the npm its palette installer runs). */
  redEnv?: Record<string, string>;
}

export interface NodeRedUnderTest {
  url: string;
  userDir: string;
  red: RunningNodeRed;
  admin: AdminClient;
  /** Output lines logged at [error] or [warn] level so far. */
  problems(): string[];
  stop(): Promise<void>;
}

export async function startNodeRedUnderTest(options: NodeRedUnderTestOptions): Promise<NodeRedUnderTest> {
  const { label } = options;
  const root = mkdtempSync(join(tmpdir(), `secureedge-${label}-`));
  const userDir = join(root, 'userDir');
  const npm = { env: options.npmEnv, onOutput: (text: string) => recordForScan(`npm (${label})`, text) };
  let red: RunningNodeRed | undefined;
  try {
    if (options.installPackage === false) {
      mkdirSync(userDir, { recursive: true });
    } else {
      const tarball = options.tarball ?? (await packPackage(REPO_ROOT, root, npm));
      await installIntoUserDir(userDir, tarball, npm);
    }
    const settingsFile = writeSettingsFile(userDir, { ...options.settings, port: 0 });
    red = await startNodeRed({
      redJs: options.redJs ?? NODE_RED_5_RED_JS,
      nodeBinary: options.nodeBinary,
      env: options.redEnv,
      userDir,
      settingsFile,
      onLine: (line, stream) => recordForScan(`node-red ${label} ${stream}`, line),
    });
    const admin = await connectAdmin(red.url, { onMessage: (m) => recordForScan(`node-red ${label} comms ${m.topic}`, m.data) });
    if (options.installPackage !== false && !(await admin.nodeTypes()).includes('secureedge-device')) {
      // Node-RED goes on without a node set it cannot load and only logs why: say it here.
      admin.close();
      const why = red.lines.filter((l) => /\[(warn|error)\]/.test(l)).join('\n');
      throw new Error(`Node-RED did not load this package's nodes (is dist/ built?). Its warnings:\n${why}`);
    }
    const running = red;
    return {
      url: running.url,
      userDir,
      red: running,
      admin,
      problems: () => running.lines.filter((l) => /\[(error|warn)\]/.test(l)),
      async stop() {
        admin.close();
        await running.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await red?.stop();
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}
