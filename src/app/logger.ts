import { createRequire } from 'node:module';
import pino from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Logger } from '../core/index.js';

/** pino-pretty, loaded only for a terminal: a node writing JSON lines (a service, CI, a pipe) never pays its ~10 ms and ~3 MB. */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

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
  const root = options.pretty
    ? pino(
        { level: options.level, base: null },
        loadPretty()({ colorize: true, sync: true, destination: options.fd, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
      )
    : pino({ level: options.level, base: null, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd: options.fd, sync: true }));
  return bind(root, { component: 'app', correlationId: options.runId });
}

/**
 * pino repeats a key when a child binds it again; here a child's bindings replace its parent's, so every
 * line has exactly one `component` and one `correlationId`.
 */
function bind(root: pino.Logger, bindings: Readonly<Record<string, unknown>>): Logger {
  const log = root.child(bindings);
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Readonly<Record<string, unknown>>, message?: string): void => {
      if (!('component' in fields) && !('correlationId' in fields)) {
        log[level](fields, message);
        return;
      }
      // A line that names its own component or correlation id replaces the bound one instead of repeating the key.
      const { component, correlationId, ...rest } = fields;
      const own = { ...bindings, ...(component !== undefined ? { component } : {}), ...(correlationId !== undefined ? { correlationId } : {}) };
      root.child(own)[level](rest, message);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => bind(root, { ...bindings, ...more }),
  };
}
