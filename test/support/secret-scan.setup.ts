/**
 * Runs in every test file (jest setupFilesAfterEnv): captures console output and the process's
 * stdout/stderr into the secret scan, and fails the file if a secret showed up anywhere.
 */
import { findLeaks, recordForScan, recordedCount } from './secrets';

const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
for (const m of methods) {
  const original = console[m].bind(console);
  console[m] = (...args: unknown[]) => {
    recordForScan(`console.${m}`, args);
    original(...args);
  };
}
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
  (stream as unknown as { write: (...a: unknown[]) => boolean }).write = (chunk: unknown, ...rest: unknown[]) => {
    recordForScan('process output', typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk);
    return original(chunk, ...rest);
  };
}

afterAll(() => {
  const leaks = findLeaks();
  if (leaks.length > 0) throw new Error(`Secret scan: ${leaks.length} leak(s) among ${recordedCount()} records:\n${leaks.join('\n')}`);
});
