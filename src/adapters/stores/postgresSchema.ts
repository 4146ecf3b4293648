import type pg from 'pg';
import { FortressError, ValidationError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';

interface Migration {
  readonly version: number;
  readonly description: string;
  /** The statements, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

/**
 * Applied in order, all pending ones in one transaction; append a new entry to change the schema, never edit one.
 * seq is written by the store's writer (max + 1, 2, … under the writers' advisory lock), not by a sequence,
 * which would leave a gap for every duplicate the insert skips. The payload is `json`, which keeps the text as
 * written (a `\u0000` or a lone surrogate escape that `jsonb` refuses is kept too), so an envelope reads back as
 * appended.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, snapshots',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        seq bigint PRIMARY KEY,
        id text NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        ts double precision NOT NULL,
        source text NOT NULL,
        key text NOT NULL,
        correlation_id text NOT NULL,
        causation_id text NOT NULL,
        idempotency_key text NOT NULL,
        payload json NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_idempotency_key UNIQUE (idempotency_key)
      );
      CREATE INDEX events_type_seq ON ${s}.events (type, seq);
      CREATE INDEX events_correlation_id_seq ON ${s}.events (correlation_id, seq);
      CREATE INDEX events_key_seq ON ${s}.events (key, seq);
      CREATE INDEX events_ts ON ${s}.events (ts);
      CREATE TABLE ${s}.snapshots (
        name text PRIMARY KEY,
        seq bigint NOT NULL,
        ts double precision NOT NULL,
        state json NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Arbitrary first key of the advisory lock that serialises migrations (the second is the schema's hash). */
const MIGRATION_LOCK_KEY = 0x46_52_54; // "FRT"

/** A schema name we accept unquoted-safe: lower-case letters, digits and underscores (the default is `public`). */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ValidationError(`event store option schema must be a lower-case SQL identifier (a-z, 0-9, _), got "${schema}"`, { field: 'schema' });
  }
  return `"${schema}"`;
}

/**
 * Bring `schema` to POSTGRES_SCHEMA_VERSION and answer the version. Safe to run from several processes at
 * once: a transaction-scoped advisory lock lets one migrate while the others wait, then find nothing to do;
 * the lock goes with the transaction even if the process dies. A database written by a newer Fortress is refused.
 */
export async function migratePostgresSchema(pool: pg.Pool, schema: string, where: string, logger: Logger): Promise<number> {
  const quoted = checkSchemaName(schema);
  const client = await pool.connect();
  let applied: readonly Migration[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_KEY, schema]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
      version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = await readVersion(client, quoted, where);
    applied = MIGRATIONS.filter((migration) => migration.version > current);
    for (const migration of applied) {
      await client.query(migration.sql(quoted));
      await client.query(`INSERT INTO ${quoted}.schema_migrations (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
    }
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(true); // the transaction dies with the connection
    throw error;
  }
  for (const migration of applied) {
    logger.info({ where, schema, version: migration.version, description: migration.description }, 'event store schema migrated');
  }
  return POSTGRES_SCHEMA_VERSION;
}

/** For a store opened without migrating: the schema must be there, at this Fortress's version. */
export async function checkPostgresSchema(pool: pg.Pool, schema: string, where: string): Promise<void> {
  const quoted = checkSchemaName(schema);
  const table = await pool.query('SELECT to_regclass($1) IS NOT NULL AS present', [`${quoted}.schema_migrations`]);
  const version = table.rows[0]?.present === true ? await readVersion(pool, quoted, where) : 0;
  if (version < POSTGRES_SCHEMA_VERSION) {
    throw new FortressError(
      'EVENT_STORE_SCHEMA_OUTDATED',
      `event store ${where} (schema ${schema}) is at version ${version}, this Fortress needs ${POSTGRES_SCHEMA_VERSION}: run fortress store migrate`,
      { where, schema, version, needed: POSTGRES_SCHEMA_VERSION },
    );
  }
}

async function readVersion(queryable: pg.Pool | pg.PoolClient, quoted: string, where: string): Promise<number> {
  const result = await queryable.query<{ version: number }>(`SELECT coalesce(max(version), 0) AS version FROM ${quoted}.schema_migrations`);
  const current = result.rows[0]?.version ?? 0;
  if (current > POSTGRES_SCHEMA_VERSION) {
    throw new FortressError(
      'EVENT_STORE_SCHEMA_TOO_NEW',
      `event store ${where} has schema version ${current}; this Fortress knows up to ${POSTGRES_SCHEMA_VERSION}`,
      { where, version: current, known: POSTGRES_SCHEMA_VERSION },
    );
  }
  return current;
}
