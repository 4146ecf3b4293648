import type pg from 'pg';
import { FortressError } from '../../core/index.js';
import type { AnyEvent, Logger } from '../../core/index.js';
import { PostgresEventBatch } from './PostgresEventBatch.js';
import { describePostgresError, isTransientPostgresError } from './postgresErrors.js';
import { PostgresWriterHealth } from './PostgresWriterHealth.js';
import type { PostgresStoreHealth } from './PostgresWriterHealth.js';
import type { PostgresStatements } from './postgresStatements.js';

export interface PostgresWriterSettings {
  readonly batchSize: number;
  readonly maxBufferedEvents: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
}

interface EventsOp {
  readonly kind: 'events';
  readonly batch: PostgresEventBatch;
}

interface SnapshotOp {
  readonly kind: 'snapshot';
  readonly name: string;
  /** undefined: the seq of the last event before it (the head). */
  readonly seq: number | undefined;
  readonly ts: number;
  readonly stateJson: string;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: unknown) => void;
}

type WriterOp = EventsOp | SnapshotOp;

const HEAD_STATEMENT_NAME = 'fortress_head_and_stored_keys';
const INSERT_STATEMENT_NAME = 'fortress_insert_events';

/**
 * The one writer of a PostgresEventStore. Appends go into an open batch; a full batch, and whatever accumulated
 * while the previous one was being written, is inserted in one transaction. Operations (batches, snapshots) run
 * strictly one after another in append order, so seq order is append order and a snapshot at head sees every
 * event appended before it. A failed write is retried with exponential backoff until it succeeds — nothing
 * accepted is dropped, and idempotency keys make a batch whose commit was lost harmless to write again.
 */
export class PostgresEventWriter {
  private open = new PostgresEventBatch();
  private readonly queue: WriterOp[] = [];
  private flushWaiters: { readonly target: number; readonly resolve: () => void }[] = [];
  private idleWaiters: (() => void)[] = [];
  private accepted = 0;
  private committed = 0;
  /** Seq of the last event this writer stored or skipped as a duplicate; undefined until its first batch. */
  private head: number | undefined;
  private running = false;
  private scheduled = false;
  private readonly status: PostgresWriterHealth;
  private readonly runSoon = (): void => {
    this.scheduled = false;
    this.kick();
  };
  private readonly onClientError = (error: Error): void => {
    this.logger.debug({ err: error.message }, 'event store: the writer connection reported an error');
  };

  constructor(
    private readonly pool: pg.Pool,
    private readonly statements: PostgresStatements,
    private readonly settings: PostgresWriterSettings,
    private readonly where: string,
    private readonly logger: Logger,
  ) {
    this.status = new PostgresWriterHealth(where, settings, logger);
  }

  append(event: AnyEvent): void {
    if (this.accepted - this.committed >= this.settings.maxBufferedEvents) throw this.backpressure();
    this.open.add(event);
    this.accepted++;
    if (this.open.count >= this.settings.batchSize) this.seal();
    if (!this.running && !this.scheduled) {
      this.scheduled = true; // one wake-up per idle → busy transition, after the caller's synchronous burst
      setImmediate(this.runSoon).unref();
    }
  }

  /** Resolves once every event appended before the call is committed (waiting through outages). */
  flush(): Promise<void> {
    this.seal();
    if (this.committed >= this.accepted) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.flushWaiters.push({ target: this.accepted, resolve }));
    this.kick();
    return done;
  }

  /** Written after every event appended before it; `seq` undefined stamps it with the head. Answers the seq. */
  snapshot(name: string, seq: number | undefined, ts: number, stateJson: string): Promise<number> {
    this.seal();
    const saved = new Promise<number>((resolve, reject) => this.queue.push({ kind: 'snapshot', name, seq, ts, stateJson, resolve, reject }));
    this.kick();
    return saved;
  }

  /** Resolves when everything queued (events and snapshots) is written. */
  idle(): Promise<void> {
    this.seal();
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.kick();
    return done;
  }

  health(): PostgresStoreHealth {
    return this.status.report(this.accepted - this.committed);
  }

  private seal(): void {
    if (this.open.count === 0) return;
    this.queue.push({ kind: 'events', batch: this.open });
    this.open = new PostgresEventBatch();
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) this.seal(); // what accumulated while the last write was in flight
      const op = this.queue[0];
      if (op === undefined) break;
      await this.perform(op);
      this.queue.shift();
      if (op.kind === 'events') {
        this.committed += op.batch.count;
        this.releaseFlushWaiters();
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Until it is written; a snapshot the database refuses outright is rejected instead (events never are). */
  private async perform(op: WriterOp): Promise<void> {
    for (;;) {
      try {
        if (op.kind === 'events') await this.writeEvents(op.batch);
        else op.resolve(await this.writeSnapshot(op));
        this.status.recovered(this.accepted - this.committed);
        return;
      } catch (error) {
        if (op.kind === 'snapshot' && !isTransientPostgresError(error)) {
          op.reject(new FortressError('EVENT_STORE_WRITE_FAILED', `snapshot ${op.name} was refused by ${this.where}: ${describePostgresError(error)}`, { name: op.name }));
          return;
        }
        const delayMs = this.status.failed(error, this.accepted - this.committed);
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      }
    }
  }

  private async writeEvents(batch: PostgresEventBatch): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', this.onClientError);
    let written = false;
    try {
      await client.query(this.statements.lockEvents);
      const found = await client.query<[number, string[]]>({
        name: HEAD_STATEMENT_NAME, text: this.statements.headAndStoredKeys, values: [batch.keysJson()], rowMode: 'array',
      });
      const [base, storedKeys] = found.rows[0] ?? [0, []];
      const rows = batch.rows(new Set(storedKeys), base);
      if (rows.count > 0) {
        const inserted = await client.query({ name: INSERT_STATEMENT_NAME, text: this.statements.insertRows, values: [rows.metaJson, rows.payloads] });
        if (inserted.rowCount !== rows.count) {
          // Only a writer that ignores the writers' lock could cause this; roll back rather than leave a gap in seq.
          throw new Error(`inserted ${inserted.rowCount} of ${rows.count} rows: another writer bypassed the lock on ${this.where}`);
        }
      }
      await client.query('COMMIT');
      this.head = base + rows.count;
      written = true;
    } finally {
      client.removeListener('error', this.onClientError);
      client.release(!written); // a failed transaction's connection is discarded, not reused
    }
  }

  private async writeSnapshot(op: SnapshotOp): Promise<number> {
    const seq = op.seq ?? this.head ?? null; // null: nothing written by this store yet, so the log's own head
    const result = await this.pool.query<[number]>({ text: this.statements.upsertSnapshot, values: [op.name, seq, op.ts, op.stateJson], rowMode: 'array' });
    return result.rows[0]?.[0] ?? 0;
  }

  private releaseFlushWaiters(): void {
    if (this.flushWaiters.length === 0) return;
    const waiting: typeof this.flushWaiters = [];
    for (const waiter of this.flushWaiters) {
      if (waiter.target <= this.committed) waiter.resolve();
      else waiting.push(waiter);
    }
    this.flushWaiters = waiting;
  }

  private backpressure(): FortressError {
    const pendingEvents = this.accepted - this.committed;
    const reason = this.status.failing ? `PostgreSQL is not accepting writes (${this.status.reason})` : 'the writer is behind';
    return new FortressError(
      'EVENT_STORE_BACKPRESSURE',
      `event store ${this.where}: ${pendingEvents} events are waiting to be written (maxBufferedEvents ${this.settings.maxBufferedEvents}): ${reason}; the event was not accepted`,
      { pendingEvents, maxBufferedEvents: this.settings.maxBufferedEvents },
    );
  }
}
