#!/usr/bin/env node
// @ts-check
// `npm test`'s first step (the "pretest" script): the Debian packages the tests use beyond Node and npm.
// Missing ones are installed with apt-get when this runs as root (CI, a fresh container), with one line
// saying so; otherwise the run stops at once with the exact command to run. Present ones cost nothing.
'use strict';
const { spawnSync } = require('node:child_process');
const { accessSync, constants, readdirSync } = require('node:fs');
const { delimiter, join } = require('node:path');

/**
 * @typedef {object} SystemPackage
 * @property {string} name the Debian package
 * @property {string} why what the tests use it for
 * @property {(env: NodeJS.ProcessEnv) => boolean} present
 */
/**
 * @typedef {{ action: 'none' }
 *   | { action: 'install', line: string, steps: string[][] }
 *   | { action: 'stop', command: string, message: string }} Plan
 */

/**
 * An executable called `name` in one of `dirs`.
 * @param {string[]} dirs
 * @param {string} name
 */
function executableIn(dirs, name) {
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** @param {NodeJS.ProcessEnv} env */
function pathDirs(env) {
  return (env.PATH ?? '').split(delimiter).filter(Boolean);
}

/** Debian keeps the PostgreSQL server's programs off PATH, in /usr/lib/postgresql/<major>/bin. */
function debianPostgresBinDirs(root = '/usr/lib/postgresql') {
  try {
    return readdirSync(root).map((major) => join(root, major, 'bin'));
  } catch {
    return [];
  }
}

/** What the suites need, why, and how to tell it is there. @type {SystemPackage[]} */
const SYSTEM_PACKAGES = [
  { name: 'chromium', why: 'the Node-RED editor test drives it', present: (env) => executableIn(pathDirs(env), 'chromium') },
  { name: 'curl', why: "the vendor's curl walk-through", present: (env) => executableIn(pathDirs(env), 'curl') },
  { name: 'openssl', why: "the TLS tests' throwaway certificates", present: (env) => executableIn(pathDirs(env), 'openssl') },
  { name: 'redis-server', why: "n8n queue mode's broker", present: (env) => executableIn(pathDirs(env), 'redis-server') },
  {
    name: 'postgresql',
    why: "n8n queue mode's database",
    present: (env) => executableIn([...pathDirs(env), ...debianPostgresBinDirs()], 'pg_ctl'),
  },
];

/**
 * The names of the packages not present.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {SystemPackage[]} [packages]
 * @returns {string[]}
 */
function missingPackages(env = process.env, packages = SYSTEM_PACKAGES) {
  return packages.filter((p) => !p.present(env)).map((p) => p.name);
}

/**
 * What to do about `missing`: nothing, install (root with apt-get), or stop with the command to run.
 * Pure, so every branch is testable without touching the machine.
 * @param {{ missing: string[], isRoot: boolean, hasAptGet: boolean }} o
 * @returns {Plan}
 */
function planFor({ missing, isRoot, hasAptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const names = missing.join(' ');
  if (isRoot && hasAptGet) {
    return {
      action: 'install',
      line: `npm test: installing the Debian packages the tests need: ${names} (apt-get, as root)`,
      steps: [
        ['update', '-qq'],
        ['install', '-y', '-qq', ...missing],
      ],
    };
  }
  const command = `sudo apt-get update && sudo apt-get install -y ${names}`;
  const why = SYSTEM_PACKAGES.filter((p) => missing.includes(p.name)).map((p) => `  ${p.name}: ${p.why}`);
  return {
    action: 'stop',
    command,
    message: [
      `npm test needs Debian packages that are not installed: ${names}`,
      ...why,
      isRoot
        ? 'apt-get is not on PATH; on Debian or Ubuntu the command is:'
        : 'Install them (or run npm test as root, which installs them itself):',
      `  ${command}`,
    ].join('\n'),
  };
}

/** @param {NodeJS.ProcessEnv} env */
function run(env) {
  const missing = missingPackages(env);
  const plan = planFor({ missing, isRoot: process.getuid?.() === 0, hasAptGet: executableIn(pathDirs(env), 'apt-get') });
  if (plan.action === 'none') return 0;
  if (plan.action === 'stop') {
    process.stderr.write(`${plan.message}\n`);
    return 1;
  }
  process.stdout.write(`${plan.line}\n`);
  for (const args of plan.steps) {
    const result = spawnSync('apt-get', args, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8' });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
      process.stderr.write(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}\n`);
      return 1;
    }
  }
  const still = missingPackages(env);
  if (still.length) {
    process.stderr.write(`apt-get finished but these are still missing: ${still.join(' ')}\n`);
    return 1;
  }
  return 0;
}

module.exports = { SYSTEM_PACKAGES, missingPackages, planFor };

if (require.main === module) process.exitCode = run(process.env);
