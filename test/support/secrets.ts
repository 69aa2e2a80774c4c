/**
 * The test side of the secret scan. Everything a suite sees (log lines, errors, msgs, n8n items,
 * status badges) is recorded here into the store of the file's test environment
 * (secret-scan.environment.js), which scans it in its teardown, after the file's last hook.
 */
import {
  createScanStore,
  findLeaks as findLeaksIn,
  record,
  renderForScan,
  TEST_PASSWORD,
  type ScanStore,
  type SecretKind,
} from './secret-scan-core';

export { renderForScan, TEST_PASSWORD };

/** The environment's store; a file run outside the scanning environment gets a store of its own. */
function fileStore(): ScanStore {
  const g = globalThis as { __secretScanStore?: ScanStore };
  g.__secretScanStore ??= createScanStore();
  return g.__secretScanStore;
}

/** Record what a user could see: a message, an item, a status badge, a log line, an error. */
export function recordForScan(source: string, value: unknown): void {
  record(fileStore(), source, value);
}

/** Register where more secrets come from (a simulator's issued session cookies, the passwords it received). */
export function addSecretProvider(provider: () => string[], kind: SecretKind = 'cookie'): void {
  fileStore().providers.push({ kind, list: provider });
}

/**
 * Declare lines of child-process output that show a secret on purpose — `npm start` printing the
 * demo device's login for the person who started it. Only whole lines matching `line` are spared,
 * and only in child output; everything else is still scanned.
 */
export function shownOnPurpose(line: RegExp): void {
  fileStore().shownOnPurpose.push(line);
}

export function recordedCount(): number {
  return fileStore().records.length;
}

/** The leaks found so far (the environment checks again at the very end). */
export function findLeaks(): string[] {
  return findLeaksIn(fileStore());
}

/** A scan of its own, apart from the file's, to prove the scan finds what is planted without failing this file. */
export function isolatedScan(): {
  recordForScan: (source: string, value: unknown) => void;
  addSecretProvider: (provider: () => string[], kind?: SecretKind) => void;
  findLeaks: () => string[];
} {
  const store = createScanStore();
  return {
    recordForScan: (source, value) => record(store, source, value),
    addSecretProvider: (provider, kind = 'cookie') => store.providers.push({ kind, list: provider }),
    findLeaks: () => findLeaksIn(store),
  };
}
