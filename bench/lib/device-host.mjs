// A child process that hosts simulated devices for the benchmark, so the devices' work does not
// share an event loop with the code being measured (a real device is another machine).
// argv[2]: JSON {count, options, latencyMs}. Prints one JSON line {urls, password}, then serves until stdin closes.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startFleet } = require('../../dist/simulator');

const { count, options, latencyMs = 0 } = JSON.parse(process.argv[2]);
const fleet = await startFleet(count, { ...options, recordLimit: 100 });
if (latencyMs > 0) for (const d of fleet.devices) d.control.setFaults({ latencyMs });
process.stdout.write(`${JSON.stringify({ urls: fleet.devices.map((d) => d.url), password: fleet.devices[0].password })}\n`);
process.stdin.resume();
process.stdin.on('end', () => fleet.close().then(() => process.exit(0)));
