/** What core logs: method, path, status, timing. Never headers or bodies (they carry the secrets). */
export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export const silentLogger: Logger = { debug() {}, warn() {} };
