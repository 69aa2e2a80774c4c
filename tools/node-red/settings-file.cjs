// @ts-check
'use strict';
/**
 * The settings.js a harness-started Node-RED runs with: loopback only, no telemetry or update
 * checks, no palette catalogue or module installs (nothing leaves the machine), no tours or
 * consent prompts in the editor, and a fixed credential secret so flows_cred.json can be read
 * back on the next start of the same user directory. `allowPaletteInstall` opens the palette
 * manager's install and upload (for the test of Node-RED's own installer with this package).
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * @typedef {object} HarnessSettingsOptions
 * @property {number} [port] 0 (default): any free port, reported by red.js
 * @property {string} [credentialSecret]
 * @property {'fatal'|'error'|'warn'|'info'|'debug'|'trace'} [logLevel]
 * @property {boolean} [allowPaletteInstall] open the palette manager's install and upload (default false)
 */

/**
 * The settings as data. `port` 0 lets the OS choose (red.js reports the real port in its
 * "Server now running at" line).
 * @param {HarnessSettingsOptions} [options]
 * @returns {Record<string, unknown>}
 */
function nodeRedSettings({ port = 0, credentialSecret = 'secureedge-local-harness', logLevel = 'info', allowPaletteInstall = false } = {}) {
  return {
    uiHost: '127.0.0.1',
    uiPort: port,
    flowFile: 'flows.json',
    flowFilePretty: true,
    credentialSecret,
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    externalModules: {
      autoInstall: false,
      palette: { allowInstall: allowPaletteInstall, allowUpload: allowPaletteInstall },
      modules: { allowInstall: false },
    },
    functionExternalModules: false,
    editorTheme: {
      palette: { catalogues: [] },
      tours: false,
    },
    logging: { console: { level: logLevel, metrics: false, audit: false } },
  };
}

/**
 * Writes `<userDir>/settings.js` and returns its path.
 * @param {string} userDir
 * @param {HarnessSettingsOptions} [options]
 * @returns {string}
 */
function writeSettingsFile(userDir, options) {
  const file = join(userDir, 'settings.js');
  const body =
    '// Written by tools/node-red/settings-file.cjs for a local, loopback-only Node-RED.\n' +
    `module.exports = ${JSON.stringify(nodeRedSettings(options), null, 2)};\n`;
  writeFileSync(file, body);
  return file;
}

module.exports = { nodeRedSettings, writeSettingsFile };
