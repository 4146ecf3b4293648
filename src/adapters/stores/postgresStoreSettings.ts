import { ValidationError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import { checkSchemaName } from './postgresSchema.js';

export interface PostgresEventStoreOptions {
  /** Schema holding the tables (default `public`); created by the migration when missing. */
  readonly schema?: string;
  /** Connections in the pool (default 10): one writes, the others serve reads. */
  readonly poolMax?: number;
  /** Most events in one INSERT transaction (default 2,000). */
  readonly batchSize?: number;
  /**
   * Events accepted and not yet committed before `append` refuses with EVENT_STORE_BACKPRESSURE (default 250,000):
   * what an outage of PostgreSQL may buffer in memory. Nothing accepted is ever dropped.
   */
  readonly maxBufferedEvents?: number;
  /** First wait after a failed write (default 100 ms), doubling up to `retryMaxMs` (default 5,000 ms). */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Giving up on opening a connection (default 5,000 ms) and on a statement's answer (default 30,000 ms). */
  readonly connectTimeoutMs?: number;
  readonly queryTimeoutMs?: number;
  /** How long `close` waits for buffered events to be written (default 10,000 ms); on timeout the store stays open. */
  readonly closeTimeoutMs?: number;
  /** Run the migrations at open (default true); false only checks the schema is current. */
  readonly migrate?: boolean;
  readonly logger?: Logger;
}

const DEFAULTS = {
  schema: 'public', poolMax: 10, batchSize: 2_000, maxBufferedEvents: 250_000, retryInitialMs: 100, retryMaxMs: 5_000,
  connectTimeoutMs: 5_000, queryTimeoutMs: 30_000, closeTimeoutMs: 10_000,
} as const;

/** The options with their defaults filled in (the logger and the migrate switch are read apart). */
export type PostgresStoreSettings = Omit<Required<PostgresEventStoreOptions>, 'logger' | 'migrate'>;

/** The options with defaults, each checked: a value out of range stops `open` with an error naming the option. */
export function readPostgresStoreSettings(options: PostgresEventStoreOptions): PostgresStoreSettings {
  const { logger: _logger, migrate: _migrate, ...given } = options;
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<PostgresStoreSettings>;
  const settings: PostgresStoreSettings = { ...DEFAULTS, ...defined };
  for (const field of ['poolMax', 'batchSize', 'maxBufferedEvents', 'retryInitialMs', 'retryMaxMs', 'connectTimeoutMs', 'queryTimeoutMs', 'closeTimeoutMs'] as const) {
    const value = settings[field];
    if (!(Number.isSafeInteger(value) && value > 0)) {
      throw new ValidationError(`event store option ${field} must be a positive integer, got ${value}`, { field, value });
    }
  }
  checkSchemaName(settings.schema);
  return settings;
}
