// Kibana's `Logger` (core logging) for the standalone host: `[time][LEVEL][context] message` lines on stderr,
// context paths joined with dots like Kibana's `plugins.cloudIdentityCompromise.ruleType`.
import type { LogMeta, Logger } from '@kbn/core/server';

export type LogLevel = 'all' | 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'off';
const ORDER: Record<LogLevel, number> = { all: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6, off: 7 };

export interface LogRecord {
  timestamp: Date;
  level: Exclude<LogLevel, 'all' | 'off'>;
  context: string;
  message: string;
  error?: Error;
  meta?: LogMeta;
}

export interface LoggerFactoryOptions {
  level?: LogLevel;
  /** Where formatted lines go (default: process.stderr). */
  write?: (line: string) => void;
  /** Also receives every record at or above the level (tests, the host's status page). */
  onRecord?: (record: LogRecord) => void;
}

export interface LoggerFactory {
  get(...contextParts: string[]): Logger;
}

export function createLoggerFactory(opts: LoggerFactoryOptions = {}): LoggerFactory {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));

  const make = (context: string[]): Logger => {
    const ctx = context.join('.') || 'root';
    const log = (level: LogRecord['level'], msg: string | Error, meta?: LogMeta) => {
      if (ORDER[level] < min) return;
      const error = msg instanceof Error ? msg : undefined;
      const message = error ? error.message : (msg as string);
      const record: LogRecord = { timestamp: new Date(), level, context: ctx, message, error, meta };
      opts.onRecord?.(record);
      write(`[${record.timestamp.toISOString()}][${level.toUpperCase().padEnd(5)}][${ctx}] ${message}${error?.stack && ORDER[level] >= ORDER.error ? `\n${error.stack}` : ''}`);
    };
    return {
      trace: (m, meta) => log('trace', m, meta),
      debug: (m, meta) => log('debug', m, meta),
      info: (m, meta) => log('info', m, meta),
      warn: (m, meta) => log('warn', m, meta),
      error: (m, meta) => log('error', m, meta),
      fatal: (m, meta) => log('fatal', m, meta),
      get: (...parts) => make([...context, ...parts]),
    };
  };
  return { get: (...parts) => make(parts) };
}
