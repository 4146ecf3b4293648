import type Database from 'better-sqlite3';
import { FortressError } from '../../core/index.js';
import type { AnyEvent, Logger } from '../../core/index.js';

const COLUMNS_PER_ROW = 10;
const INSERT_COLUMNS = 'id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload';

/**
 * The append buffer of the SQLite store, written by hand because it is on the hot path of every order, fill
 * and position event. An appended event becomes ten column values pushed onto the current chunk (one chunk
 * per multi-row INSERT, so a full chunk is bound as it is, without copying); the payload is serialised at
 * append time so a payload that cannot be written is refused to its producer, not discovered at flush
 * (JSON has no -0: a payload number -0 reads back as 0).
 *
 * Seq is left to SQLite's INTEGER PRIMARY KEY (max + 1), so only events actually stored take a seq and the
 * log stays gap-free. `ON CONFLICT (idempotency_key) DO NOTHING` skips exactly the redeliveries — unlike
 * `INSERT OR IGNORE`, which would also swallow a NOT NULL violation and lose a broken event silently.
 */
export class SqliteEventWriter {
  private readonly chunkLength: number;
  private readonly fullStatement: Database.Statement<unknown[]>;
  private readonly partialStatements = new Map<number, Database.Statement<unknown[]>>();
  private readonly writeBuffered: () => void;
  private readonly fullChunks: unknown[][] = [];
  private chunk: unknown[] = [];
  private buffered = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly batchSize: number,
    rowsPerStatement: number,
    private readonly logger: Logger,
  ) {
    this.chunkLength = rowsPerStatement * COLUMNS_PER_ROW;
    this.fullStatement = this.insertStatement(rowsPerStatement);
    this.writeBuffered = db.transaction(() => {
      for (const chunk of this.fullChunks) this.fullStatement.run(chunk);
      const rest = this.chunk;
      if (rest.length > 0) this.partialStatement(rest.length / COLUMNS_PER_ROW).run(rest);
    });
  }

  /**
   * Buffer one event; write the buffer when it reaches the batch size. If that write fails the event stays
   * buffered (accepted) and the error is thrown: a retry of the same event is harmless (same idempotency key).
   */
  append(event: AnyEvent): void {
    const chunk = this.chunk;
    chunk.push(
      event.id,
      event.type,
      event.version,
      event.ts,
      event.source,
      event.key,
      event.correlationId,
      event.causationId,
      event.idempotencyKey,
      JSON.stringify(event.payload),
    );
    if (chunk.length === this.chunkLength) {
      this.fullChunks.push(chunk);
      this.chunk = [];
    }
    if (++this.buffered >= this.batchSize) this.flush();
  }

  /** Write everything buffered in one transaction; on failure nothing is written and the buffer is kept. */
  flush(): void {
    if (this.buffered === 0) return;
    try {
      this.writeBuffered();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error({ path: this.path, buffered: this.buffered, reason }, 'event store batch write failed');
      throw new FortressError(
        'EVENT_STORE_WRITE_FAILED',
        `event store ${this.path}: writing ${this.buffered} buffered events failed (${reason}); they stay buffered for the next flush`,
        { path: this.path, buffered: this.buffered, reason },
      );
    }
    this.fullChunks.length = 0;
    this.chunk = [];
    this.buffered = 0;
  }

  private partialStatement(rows: number): Database.Statement<unknown[]> {
    let statement = this.partialStatements.get(rows);
    if (statement === undefined) {
      statement = this.insertStatement(rows);
      this.partialStatements.set(rows, statement);
    }
    return statement;
  }

  private insertStatement(rows: number): Database.Statement<unknown[]> {
    const row = `(${new Array<string>(COLUMNS_PER_ROW).fill('?').join(', ')})`;
    const values = new Array<string>(rows).fill(row).join(', ');
    return this.db.prepare(`INSERT INTO events (${INSERT_COLUMNS}) VALUES ${values} ON CONFLICT (idempotency_key) DO NOTHING`);
  }
}
