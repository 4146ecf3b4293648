import { ValidationError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import { PostgresEventStore } from './PostgresEventStore.js';
import { redactPostgresUrl } from './postgresPool.js';
import { SQLITE_SCHEMA_VERSION } from './migrateSqliteSchema.js';
import { SqliteEventStore } from './SqliteEventStore.js';

/** What `fortress store migrate` did: which store, where (password hidden), and the schema version it is at now. */
export interface EventStoreMigration {
  readonly store: 'postgres' | 'sqlite';
  readonly location: string;
  readonly version: number;
}

export interface MigrateEventStoreOptions {
  /** PostgreSQL schema (default `public`). */
  readonly schema?: string;
  readonly logger?: Logger;
}

/**
 * Bring an event store's schema up to date: `postgres://…` / `postgresql://…` runs the PostgreSQL migrations
 * (safe beside other processes doing the same), `sqlite:PATH` opens the SQLite file, which migrates on open.
 */
export async function migrateEventStore(target: string, options: MigrateEventStoreOptions = {}): Promise<EventStoreMigration> {
  if (/^postgres(ql)?:\/\//i.test(target)) {
    const version = await PostgresEventStore.migrate(target, options);
    return { store: 'postgres', location: redactPostgresUrl(target), version };
  }
  if (target.startsWith('sqlite:')) {
    const path = target.slice('sqlite:'.length);
    if (path === '') throw new ValidationError('--store sqlite: needs a file path (sqlite:./events.sqlite)', { field: 'store' });
    await SqliteEventStore.open(path, options.logger === undefined ? {} : { logger: options.logger }).close();
    return { store: 'sqlite', location: path, version: SQLITE_SCHEMA_VERSION };
  }
  throw new ValidationError(`--store / DATABASE_URL: "${redactPostgresUrl(target)}" is neither postgres://… nor sqlite:PATH`, { field: 'store' });
}
