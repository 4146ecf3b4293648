import type Database from 'better-sqlite3';

export interface SeqBounds {
  readonly fromSeq: number;
  readonly toSeq: number;
}

/**
 * Turns a time window into a seq window without an index on ts: while the log's ts never decreases with seq
 * (meta `ts_ordered` = 1, kept by the writer thread), the first seq at or after `fromTs` and the last at or
 * before `toTs` are found by binary search over the primary key (about 2 × log2(n) point reads). The ts
 * conditions stay in the query as filters, so the bounds only narrow the scan; when the log is not ordered
 * (or a row is missing) there are no bounds and the query scans, as on any unindexed column.
 * Call inside the read transaction that runs the query, so both see the same log.
 */
export class SqliteTsBounds {
  private readonly orderedStatement: Database.Statement<[], unknown>;
  private readonly lastSeqStatement: Database.Statement<[], number>;
  private readonly tsAtStatement: Database.Statement<[number], unknown>;

  constructor(db: Database.Database) {
    this.orderedStatement = db.prepare<[], unknown>("SELECT value FROM meta WHERE key = 'ts_ordered'").pluck();
    this.lastSeqStatement = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM events').pluck();
    this.tsAtStatement = db.prepare<[number], unknown>('SELECT ts FROM events WHERE seq = ?').pluck();
  }

  seqBounds(fromTs: number | undefined, toTs: number | undefined): SeqBounds | undefined {
    if (this.orderedStatement.get() !== '1') return undefined;
    const last = this.lastSeqStatement.get() ?? 0;
    let fromSeq = 1;
    let toSeq = last;
    if (fromTs !== undefined) {
      // The first seq whose ts is ≥ fromTs, or last + 1 if there is none.
      const first = this.search(last, (ts) => ts >= fromTs);
      if (first === undefined) return undefined;
      fromSeq = first;
    }
    if (toTs !== undefined) {
      // One before the first seq whose ts is > toTs.
      const after = this.search(last, (ts) => ts > toTs);
      if (after === undefined) return undefined;
      toSeq = after - 1;
    }
    return { fromSeq, toSeq };
  }

  /** The lowest seq in 1…last where `reached(ts)` holds (it must hold for every later seq), else last + 1. */
  private search(last: number, reached: (ts: number) => boolean): number | undefined {
    let low = 1;
    let high = last + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const ts = this.tsAtStatement.get(middle);
      if (typeof ts !== 'number') return undefined; // a missing or corrupt row: let the scan find and report it
      if (reached(ts)) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
