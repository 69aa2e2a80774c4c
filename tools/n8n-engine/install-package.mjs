#!/usr/bin/env node
// Installs THIS package into an n8n user folder the way n8n itself does when a user installs a community node by
// name (Settings > Community nodes): `npm pack` gives the tarball users get from the registry; it is unpacked into
// <userFolder>/.n8n/nodes/node_modules/<name>, its dev/peer/optional dependencies are dropped from its package.json,
// and `npm install` runs inside it with n8n's own flags (see n8n's CommunityPackagesService.downloadPackage).
// n8n then finds it on start-up (it scans .n8n/nodes/node_modules for n8n-nodes-*), and resolves `n8n-workflow`
// from its own node_modules (it puts them on NODE_PATH), which is why the peer dependency is not installed.
//
// Module: `installPackageIntoN8n(userFolder)`. Command: `node tools/n8n-engine/install-package.mjs <userFolder>`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { engineEnv, REPO_ROOT } from './install.mjs';

const { runCommand } = createRequire(import.meta.url)('../process.cjs');

const run = (command, args, options) => runCommand(command, args, options);

/** `npm pack` of the repository (dist/ must be built). Returns the tarball's path in a fresh temp folder. */
export async function packThisPackage() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'secureedge-pack-'));
  const out = await run('npm', ['pack', '--pack-destination', dest, '--silent', '--ignore-scripts'], { cwd: REPO_ROOT, env: engineEnv() });
  return path.join(dest, out.split('\n').pop().trim());
}

/** Installs the package into `<userFolder>/.n8n/nodes` like n8n's community-package installer. Returns its folder. */
export async function installPackageIntoN8n(userFolder, { tarball } = {}) {
  const packed = tarball ?? (await packThisPackage());
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const nodesDir = path.join(userFolder, '.n8n', 'nodes');
  const packageDir = path.join(nodesDir, 'node_modules', name);
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  await run('tar', ['-xzf', packed, '-C', packageDir, '--strip-components=1']);
  if (!tarball) fs.rmSync(path.dirname(packed), { recursive: true, force: true });

  const packageJsonPath = path.join(packageDir, 'package.json');

  const { devDependencies, peerDependencies, optionalDependencies, ...kept } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
  fs.writeFileSync(packageJsonPath, JSON.stringify(kept, null, 2));
  await run(
    'npm',
    [
      'install',
      '--audit=false',
      '--fund=false',
      '--bin-links=false',
      '--install-strategy=shallow',
      '--ignore-scripts=true',
      '--package-lock=false',
      '--prefer-offline',
    ],
    { cwd: packageDir, env: engineEnv() },
  );
  fs.writeFileSync(
    path.join(nodesDir, 'package.json'),
    JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [name]: version } }, null, 2),
  );
  return packageDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const userFolder = process.argv[2];
  if (!userFolder) {
    process.stderr.write('usage: install-package.mjs <n8n user folder>\n');
    process.exit(2);
  }
  installPackageIntoN8n(path.resolve(userFolder)).then(
    (dir) => process.stdout.write(`${dir}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
