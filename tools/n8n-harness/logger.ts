/**
 * n8n's logger for the harness: every line a node or the engine logs is kept (and recorded for
 * the secret scan) instead of going to a console. Installed where n8n-core looks for it: the DI
 * container's Logger (what `this.logger` is in a node) and n8n-workflow's LoggerProxy.
 */
import { LoggerProxy } from 'n8n-workflow';
import { createRequire } from 'node:module';

import { observer } from './observer';

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: unknown;
}

export class RecordingLogger {
  readonly lines: LogLine[] = [];

  error = (message: string, meta?: unknown) => this.add('error', message, meta);
  warn = (message: string, meta?: unknown) => this.add('warn', message, meta);
  info = (message: string, meta?: unknown) => this.add('info', message, meta);
  debug = (message: string, meta?: unknown) => this.add('debug', message, meta);

  scoped(): RecordingLogger {
    return this;
  }

  private add(level: LogLine['level'], message: string, meta?: unknown): void {
    this.lines.push({ level, message, meta });
    observer.record(`n8n log (${level})`, { message, meta });
  }
}

export const harnessLogger = new RecordingLogger();

// n8n-core ships its own copies of @n8n/di and @n8n/backend-common: use the ones it resolves,
// or the logger would land in a container n8n-core never reads.
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common') as typeof import('@n8n/backend-common');

export function installLogger(): void {
  Container.set(Logger, harnessLogger as unknown as InstanceType<typeof Logger>);
  LoggerProxy.init(harnessLogger);
}
