export interface HarnessSettingsOptions {
  /** 0 (default): any free port, reported by red.js. */
  port?: number;
  credentialSecret?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Open the palette manager's install and upload (default false: nothing is installed at run time). */
  allowPaletteInstall?: boolean;
}
export declare function nodeRedSettings(options?: HarnessSettingsOptions): Record<string, unknown>;
/** Writes <userDir>/settings.js; returns its path. */
export declare function writeSettingsFile(userDir: string, options?: HarnessSettingsOptions): string;
