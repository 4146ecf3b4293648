import { EVENT_COLUMNS } from './parseEventRow.js';

/** The SQL the store runs, for one schema. Built once per store; values always travel as parameters. */
export interface PostgresStatements {
  /**
   * Opens every batch's transaction: one writer at a time, across processes, so seq = max + 1… is gap-free. An
   * advisory lock rather than LOCK TABLE, which would need UPDATE/DELETE rights an append-only role should not have.
   */
  readonly lockEvents: string;
  /**
   * $1: the batch's idempotency keys (JSON array); answers the head and which of the keys are stored already. One
   * index probe per key, whatever the plan: a generic plan of `IN (…)` turned into a scan of the whole log.
   */
  readonly headAndStoredKeys: string;
  /** $1: rows (PostgresBatchRows.metaJson, seq included), $2: their payloads joined by newlines. */
  readonly insertRows: string;
  readonly lastSeq: string;
  /** $1 name, $2 seq (NULL: the log's head), $3 ts, $4 state JSON; answers the seq stored. */
  readonly upsertSnapshot: string;
  readonly loadSnapshot: string;
  readonly selectEvents: string;
}

/** Arbitrary first key of the advisory lock the writers of one schema take (the second is the schema's hash). */
const WRITER_LOCK_KEY = 0x46_52_57; // "FRW"

/** `schemaName` must have passed checkSchemaName (it is inlined, quoted, and as a literal). */
export function postgresStatements(schemaName: string): PostgresStatements {
  const schema = `"${schemaName}"`;
  const events = `${schema}.events`;
  return {
    lockEvents: `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY}, hashtext('${schemaName}'))`,
    headAndStoredKeys: `
      SELECT (SELECT coalesce(max(seq), 0) FROM ${events}),
        ARRAY(SELECT k.key FROM jsonb_array_elements_text($1::jsonb) AS k(key)
          CROSS JOIN LATERAL (SELECT 1 FROM ${events} e WHERE e.idempotency_key = k.key LIMIT 1) AS stored)`,
    // ON CONFLICT is a last guard only: under the lock, the writer has already left out every stored key.
    insertRows: `
      INSERT INTO ${events} (seq, id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload)
      SELECT seq, id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload::json
      FROM ROWS FROM (
        jsonb_to_recordset($1::jsonb) AS (seq bigint, id text, type text, version integer, ts float8, source text, key text,
          correlation_id text, causation_id text, idempotency_key text),
        unnest(string_to_array($2::text, E'\\n'))
      ) AS r(seq, id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload)
      ON CONFLICT (idempotency_key) DO NOTHING`,
    lastSeq: `SELECT coalesce(max(seq), 0) FROM ${events}`,
    upsertSnapshot: `
      INSERT INTO ${schema}.snapshots (name, seq, ts, state)
      VALUES ($1, coalesce($2::bigint, (SELECT coalesce(max(seq), 0) FROM ${events})), $3, $4::json)
      ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, ts = excluded.ts, state = excluded.state, saved_at = now()
      RETURNING seq`,
    loadSnapshot: `SELECT name, seq, ts, state FROM ${schema}.snapshots WHERE name = $1`,
    selectEvents: `SELECT ${EVENT_COLUMNS} FROM ${events}`,
  };
}
