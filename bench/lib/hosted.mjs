// Start devices in a child process (device-host.mjs) and get their URLs; close() ends the child.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function hostDevices(count, options = {}, latencyMs = 0) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./device-host.mjs', import.meta.url)), JSON.stringify({ count, options, latencyMs })],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const first = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`device host exited (${code}) before it started`)));
  });
  const { urls, password } = JSON.parse(first);
  return {
    urls,
    password,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}
