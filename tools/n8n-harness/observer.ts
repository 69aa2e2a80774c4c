/**
 * What the harness reports to whoever runs it. The tests plug in their secret scan (every item,
 * error and log line a user could see is recorded and scanned); the bench leaves the defaults,
 * which record nothing, so it measures the engine and not the scanner.
 */
export interface HarnessObserver {
  /** Something a user could see: an item, an error, a log line, a credential test result. */
  record(source: string, value: unknown): void;
  /** More secrets to scan for (the session cookies a credential's preAuthentication obtained). */
  addSecretProvider(provider: () => string[]): void;
  /** The password credentials get when a test gives none. */
  defaultPassword: string;
}

export const observer: HarnessObserver = {
  record() {},
  addSecretProvider() {},
  defaultPassword: 'harness-default-password',
};

/** Replace the defaults; the tests call this once, before any harness is created. */
export function observeHarness(overrides: Partial<HarnessObserver>): void {
  Object.assign(observer, overrides);
}
