import type Database from 'better-sqlite3';
import { NUMBERS_PER_EVENT, STRINGS_PER_EVENT } from './sqliteEventColumns.js';

const COLUMNS_PER_ROW = 10;
const INSERT_COLUMNS = 'id, type, version, ts, source, key, correlation_id, causation_id, idempotency_key, payload';

/**
 * Writes batches of events in the writer thread: one transaction per batch, one multi-row INSERT per
 * `rowsPerStatement` rows. The batch arrives as SqliteEventBatch laid it out; the rows are re-laid into one
 * reused parameter array per statement (here, off the main thread).
 *
 * Seq is left to SQLite's INTEGER PRIMARY KEY (max + 1), so only events actually stored take a seq and the
 * log stays gap-free. `ON CONFLICT (idempotency_key) DO NOTHING` skips exactly the redeliveries — also a
 * duplicate inside the same batch or statement, since rows are inserted one after another — unlike
 * `INSERT OR IGNORE`, which would also swallow a NOT NULL violation and lose a broken event silently.
 * Any other failure throws out of the batch's transaction, which is rolled back whole.
 */
export class SqliteEventWriter {
  private readonly fullStatement: Database.Statement<unknown[]>;
  private readonly fullParams: unknown[];
  private readonly partialStatements = new Map<number, Database.Statement<unknown[]>>();
  private readonly writeInTransaction: Database.Transaction<(strings: readonly string[], numbers: Float64Array, count: number) => void>;
  private readonly tsOrderedStatement: Database.Statement<[], unknown>;
  private readonly lastTsStatement: Database.Statement<[], unknown>;
  private readonly markUnorderedStatement: Database.Statement<[]>;

  constructor(
    private readonly db: Database.Database,
    private readonly rowsPerStatement: number,
  ) {
    this.fullStatement = this.insertStatement(rowsPerStatement);
    this.fullParams = new Array<unknown>(rowsPerStatement * COLUMNS_PER_ROW);
    this.tsOrderedStatement = db.prepare<[], unknown>("SELECT value FROM meta WHERE key = 'ts_ordered'").pluck();
    this.lastTsStatement = db.prepare<[], unknown>('SELECT ts FROM events ORDER BY seq DESC LIMIT 1').pluck();
    this.markUnorderedStatement = db.prepare<[]>("UPDATE meta SET value = '0' WHERE key = 'ts_ordered'");
    this.writeInTransaction = db.transaction((strings: readonly string[], numbers: Float64Array, count: number) => {
      this.keepTsOrder(numbers, count);
      let row = 0;
      for (; row + rowsPerStatement <= count; row += rowsPerStatement) {
        this.fullStatement.run(fillParams(this.fullParams, strings, numbers, row, rowsPerStatement));
      }
      const rest = count - row;
      if (rest > 0) this.partialStatement(rest).run(fillParams(new Array<unknown>(rest * COLUMNS_PER_ROW), strings, numbers, row, rest));
    });
  }

  /**
   * All of the batch or nothing: on failure the transaction is rolled back and the error thrown. IMMEDIATE,
   * so the last ts read for the order check is still the last when the rows go in.
   */
  write(strings: readonly string[], numbers: Float64Array, count: number): void {
    this.writeInTransaction.immediate(strings, numbers, count);
  }

  /**
   * Clears `ts_ordered` (see SqliteTsBounds) in the batch's own transaction when the batch would make ts
   * decrease with seq. Conservative: a skipped duplicate counts too, which can only turn the fast path off.
   */
  private keepTsOrder(numbers: Float64Array, count: number): void {
    if (this.tsOrderedStatement.get() !== '1') return;
    const lastTs = this.lastTsStatement.get();
    let previous = lastTs === undefined ? Number.NEGATIVE_INFINITY : typeof lastTs === 'number' ? lastTs : Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const ts = numbers[i * NUMBERS_PER_EVENT + 1]!;
      if (ts < previous) {
        this.markUnorderedStatement.run();
        return;
      }
      previous = ts;
    }
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
    // OR FAIL: a statement that fails keeps its earlier rows, so SQLite needs no statement journal for a
    // multi-row INSERT (−4% writer instructions per event); the failure still rolls back the whole batch.
    return this.db.prepare(`INSERT OR FAIL INTO events (${INSERT_COLUMNS}) VALUES ${values} ON CONFLICT (idempotency_key) DO NOTHING`);
  }
}

/** Rows `from … from + rows − 1` of the batch as INSERT parameters, in INSERT_COLUMNS order. */
function fillParams(params: unknown[], strings: readonly string[], numbers: Float64Array, from: number, rows: number): unknown[] {
  for (let r = 0; r < rows; r++) {
    const s = (from + r) * STRINGS_PER_EVENT;
    const n = (from + r) * NUMBERS_PER_EVENT;
    const p = r * COLUMNS_PER_ROW;
    params[p] = strings[s]; // id
    params[p + 1] = strings[s + 1]; // type
    params[p + 2] = numbers[n]; // version
    params[p + 3] = numbers[n + 1]; // ts
    params[p + 4] = strings[s + 2]; // source
    params[p + 5] = strings[s + 3]; // key
    params[p + 6] = strings[s + 4]; // correlation_id
    params[p + 7] = strings[s + 5]; // causation_id
    params[p + 8] = strings[s + 6]; // idempotency_key
    params[p + 9] = strings[s + 7]; // payload
  }
  return params;
}
