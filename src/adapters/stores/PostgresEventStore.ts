import type pg from 'pg';
import { FortressError, ValidationError, silentLogger } from '../../core/index.js';
import type { AnyEvent, EventQuery, EventStore, Logger, Snapshot, StoredEvent } from '../../core/index.js';
import { checkEventQuery } from './checkEventQuery.js';
import { encodeSnapshotState } from './encodeSnapshotState.js';
import { parseEventRow } from './parseEventRow.js';
import { parseSnapshotRow } from './parseSnapshotRow.js';
import { PostgresEventWriter } from './PostgresEventWriter.js';
import type { PostgresStoreHealth } from './PostgresWriterHealth.js';
import { describePostgresError } from './postgresErrors.js';
import { buildPostgresEventQuery } from './postgresEventQuery.js';
import { createPostgresPool } from './postgresPool.js';
import type { PostgresTarget } from './postgresPool.js';
import { checkPostgresSchema, migratePostgresSchema } from './postgresSchema.js';
import { readPostgresStoreSettings } from './postgresStoreSettings.js';
import type { PostgresEventStoreOptions, PostgresStoreSettings } from './postgresStoreSettings.js';
import { postgresStatements } from './postgresStatements.js';
import type { PostgresStatements } from './postgresStatements.js';

export type { PostgresEventStoreOptions } from './postgresStoreSettings.js';

/**
 * The distributed deployment's event log: an append-only table in PostgreSQL. `append` only checks and buffers
 * the event (the payload's JSON.stringify is most of its cost); one writer loop inserts batches in append order
 * (PostgresEventWriter). Reads and `lastSeq` flush first, so they see everything appended before them. When
 * PostgreSQL goes away, appends keep buffering up to `maxBufferedEvents`, `health()` says `down` and why, and
 * the writer retries with backoff; `flush()` resolves once the buffered events are in.
 */
export class PostgresEventStore implements EventStore {
  private readonly writer: PostgresEventWriter;
  private readonly statements: PostgresStatements;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
    private readonly settings: PostgresStoreSettings,
    private readonly logger: Logger,
  ) {
    this.statements = postgresStatements(settings.schema); // checked by readPostgresStoreSettings
    this.writer = new PostgresEventWriter(pool, this.statements, settings, where, logger);
  }

  /** Connect (validating the URL), migrate unless told not to, and start the writer. */
  static async open(target: PostgresTarget, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const settings = readPostgresStoreSettings(options);
    const logger = (options.logger ?? silentLogger).child({ component: 'PostgresEventStore' });
    const { pool, where } = createPostgresPool(target, settings, logger);
    try {
      if (options.migrate === false) await checkPostgresSchema(pool, settings.schema, where);
      else await migratePostgresSchema(pool, settings.schema, where, logger);
      logger.info({ where, schema: settings.schema, batchSize: settings.batchSize }, 'event store opened');
    } catch (error) {
      await pool.end();
      throw openFailed(error, where);
    }
    return new PostgresEventStore(pool, where, settings, logger);
  }

  /** Migrate the schema of `target` without opening a store (fortress store migrate); answers the version. */
  static async migrate(target: PostgresTarget, options: Pick<PostgresEventStoreOptions, 'schema' | 'connectTimeoutMs' | 'logger'> = {}): Promise<number> {
    const settings = readPostgresStoreSettings({ ...options, poolMax: 1 });
    const logger = (options.logger ?? silentLogger).child({ component: 'PostgresEventStore' });
    const { pool, where } = createPostgresPool(target, settings, logger);
    try {
      return await migratePostgresSchema(pool, settings.schema, where, logger);
    } catch (error) {
      throw openFailed(error, where);
    } finally {
      await pool.end();
    }
  }

  append(event: AnyEvent): void {
    if (this.closed) throw this.closedError();
    this.writer.append(event);
  }

  flush(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.writer.flush();
  }

  async read(query: EventQuery = {}): Promise<StoredEvent[]> {
    if (this.closed) throw this.closedError();
    checkEventQuery(query);
    await this.writer.flush();
    if (query.types !== undefined && query.types.length === 0) return [];
    const { text, values } = buildPostgresEventQuery(this.statements.selectEvents, query);
    const rows = await this.query<unknown[]>(text, values);
    const result = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) result[i] = parseEventRow(rows[i]!);
    return result;
  }

  async lastSeq(): Promise<number> {
    if (this.closed) throw this.closedError();
    await this.writer.flush();
    const rows = await this.query<[number]>(this.statements.lastSeq, []);
    return rows[0]?.[0] ?? 0;
  }

  /** Written after every event appended before it, once they are committed. */
  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    if (this.closed) throw this.closedError();
    const state = encodeSnapshotState(snapshot);
    await this.writer.snapshot(snapshot.name, snapshot.seq, snapshot.ts, checkSnapshotName(snapshot.name, state));
  }

  /** The state is encoded now (the caller's synchronous step); the writer stamps it with the seq of the last event before it. */
  async saveSnapshotAtHead(name: string, ts: number, state: unknown): Promise<number> {
    if (this.closed) throw this.closedError();
    const json = encodeSnapshotState({ name, seq: 0, ts, state });
    return this.writer.snapshot(name, undefined, ts, checkSnapshotName(name, json));
  }

  async loadSnapshot(name: string): Promise<Snapshot | undefined> {
    if (this.closed) throw this.closedError();
    const result = await this.pool.query(this.statements.loadSnapshot, [name]).catch((error: unknown) => {
      throw this.readFailed(error);
    });
    const row: unknown = result.rows[0];
    return row === undefined ? undefined : parseSnapshotRow(row);
  }

  /** Run the migrations again (safe beside other processes doing the same); answers the schema version. */
  migrate(): Promise<number> {
    if (this.closed) return Promise.reject(this.closedError());
    return migratePostgresSchema(this.pool, this.settings.schema, this.where, this.logger);
  }

  health(): PostgresStoreHealth {
    return this.writer.health();
  }

  /**
   * Writes what is buffered, then closes the pool. If that does not finish within `closeTimeoutMs` (PostgreSQL is
   * down) it rejects with EVENT_STORE_UNAVAILABLE and the store stays open, still retrying; a second close is a no-op.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.settings.closeTimeoutMs);
    });
    const written = await Promise.race([this.writer.idle().then(() => true), timedOut]);
    clearTimeout(timer);
    if (!written) {
      const health = this.writer.health();
      throw new FortressError(
        'EVENT_STORE_UNAVAILABLE',
        `event store ${this.where}: ${health.pendingEvents} events not written after ${this.settings.closeTimeoutMs} ms (${health.detail ?? 'writer busy'}); the store stays open`,
        { pendingEvents: health.pendingEvents },
      );
    }
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
    this.logger.info({ where: this.where }, 'event store closed');
  }

  private async query<R extends unknown[]>(text: string, values: unknown[]): Promise<R[]> {
    try {
      const result = await this.pool.query<R>({ text, values, rowMode: 'array' });
      return result.rows;
    } catch (error) {
      throw this.readFailed(error);
    }
  }

  private readFailed(error: unknown): FortressError {
    if (error instanceof FortressError) return error;
    return new FortressError('EVENT_STORE_READ_FAILED', `event store ${this.where}: read failed: ${describePostgresError(error)}`, { where: this.where });
  }

  private closedError(): FortressError {
    return new FortressError('EVENT_STORE_CLOSED', `event store ${this.where} is closed`, { where: this.where });
  }
}

/** A snapshot name PostgreSQL text can hold (no NUL); answers the state JSON unchanged. */
function checkSnapshotName(name: string, stateJson: string): string {
  if (name.includes('\u0000')) throw new ValidationError('snapshot name cannot contain a NUL character', { field: 'name' });
  return stateJson;
}

function openFailed(error: unknown, where: string): FortressError {
  if (error instanceof FortressError) return error;
  return new FortressError('EVENT_STORE_OPEN_FAILED', `cannot open event store ${where}: ${describePostgresError(error)}`, { where });
}
