import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from '../core/index.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable lines (a terminal) instead of JSON lines. */
  readonly pretty: boolean;
  /** 1 = stdout, 2 = stderr (the CLI keeps stdout for its own tables). */
  readonly fd: 1 | 2;
  /** Correlation id for lines that belong to no particular trade (the run itself). */
  readonly runId: string;
}

/**
 * The one logger: pino, structured JSON, `component` and `correlationId` on every line. Components get
 * `logger.child({ component })`; work on one trade adds `{ correlationId }`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = { component: 'app', correlationId: options.runId };
  if (options.pretty) {
    const stream = pretty({ colorize: true, sync: true, destination: options.fd, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    return pino({ level: options.level, base }, stream);
  }
  return pino({ level: options.level, base, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: options.fd, sync: true }));
}
