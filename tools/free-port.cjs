// @ts-check
'use strict';
/**
 * Pick a TCP port on 127.0.0.1: the preferred one when it is free (so `npm start` lands on the
 * familiar 1880), else the next free one in a small range, else any port the OS hands out.
 */
const net = require('node:net');

/**
 * Resolves true when nothing listens on 127.0.0.1:port right now.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port the OS says is free now (another process may still take it before we use it).
 * @returns {Promise<number>}
 */
function anyFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * A free port on 127.0.0.1: `preferred` or one of the next `tries - 1`, else any free port.
 * @param {number} [preferred]
 * @param {number} [tries]
 * @returns {Promise<number>}
 */
async function freePort(preferred, tries = 20) {
  if (preferred) {
    for (let port = preferred; port < preferred + tries && port <= 65535; port++) {
      if (await isPortFree(port)) return port;
    }
  }
  return anyFreePort();
}

module.exports = { freePort, isPortFree };
