// @ts-check
'use strict';
/**
 * Put THIS package into a Node-RED user directory the way a user gets it: `npm pack` the built
 * package, then `npm install <tarball>` in the user directory (Node-RED loads every package in
 * <userDir>/node_modules whose package.json has a "node-red" section). Its runtime dependencies
 * come from the npm cache or the registry, as they would for a user.
 */
const { mkdirSync, writeFileSync, existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { runNpm } = require('../process.cjs');

/** @typedef {{ npmCommand?: string, env?: NodeJS.ProcessEnv, onOutput?: (text: string) => void }} NpmOptions */

/**
 * Packs the package at `repoRoot` (its dist/ must be built) into `destDir`; resolves with the tarball's path.
 * @param {string} repoRoot
 * @param {string} destDir
 * @param {NpmOptions} [options]
 * @returns {Promise<string>}
 */
async function packPackage(repoRoot, destDir, options = {}) {
  mkdirSync(destDir, { recursive: true });
  const out = await runNpm(['pack', '--json', '--ignore-scripts', '--pack-destination', destDir], { cwd: repoRoot, ...options });
  const [info] = JSON.parse(out);
  return join(destDir, info.filename);
}

/**
 * Makes `userDir` a Node-RED user directory with the tarball installed in it. The user
 * directory's own package.json is what Node-RED's palette manager would write.
 * @param {string} userDir
 * @param {string} tarball
 * @param {NpmOptions} [options]
 * @returns {Promise<{ name: string, version: string, 'node-red'?: { nodes?: Record<string, string> } }>}
 */
async function installIntoUserDir(userDir, tarball, options = {}) {
  mkdirSync(userDir, { recursive: true });
  const pkgFile = join(userDir, 'package.json');
  if (!existsSync(pkgFile)) {
    writeFileSync(
      pkgFile,
      JSON.stringify({ name: 'node-red-project', description: 'A Node-RED Project', version: '0.0.1', private: true }, null, 2),
    );
  }
  await runNpm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--prefix', userDir, tarball], {
    cwd: userDir,
    ...options,
  });
  const installed = JSON.parse(readFileSync(join(userDir, 'node_modules', packageName(tarball), 'package.json'), 'utf8'));
  return installed;
}

/**
 * The package name npm pack puts into the tarball's file name (scoped names are not used here).
 * @param {string} tarball
 */
function packageName(tarball) {
  const file = tarball.split(/[\\/]/).pop() ?? '';
  return file.replace(/-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/, '');
}

module.exports = { packPackage, installIntoUserDir };
