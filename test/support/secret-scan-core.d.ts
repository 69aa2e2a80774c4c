/** Types of secret-scan-core.js (plain CommonJS so the test environment loads it untransformed). */
export type SecretKind = 'password' | 'cookie';
export interface ScanRecord {
  source: string;
  text: string;
}
export interface ScanStore {
  records: ScanRecord[];
  providers: { kind: SecretKind; list: () => string[] }[];
  /** Lines of child-process output that show a secret on purpose (a demo printing its own login). */
  shownOnPurpose: RegExp[];
}
export const TEST_PASSWORD: string;
export const MIN_SECRET_LENGTH: number;
export function createScanStore(): ScanStore;
export function renderForScan(value: unknown): string;
export function record(store: ScanStore, source: string, value: unknown): void;
export function findLeaks(store: ScanStore, extra?: { kind: SecretKind; value: string }[]): string[];
export function withoutShownOnPurpose(store: ScanStore, text: string): string;
