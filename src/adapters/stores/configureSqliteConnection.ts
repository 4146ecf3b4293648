import type Database from 'better-sqlite3';

export const SQLITE_SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;
export type SqliteSynchronousMode = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

/**
 * The pragmas every connection to an event log gets (the main thread's reader and the writer thread's).
 * Durability choice: WAL + synchronous=NORMAL survives a process crash but not a power loss; FULL adds an
 * fsync per committed batch.
 */
export function configureSqliteConnection(db: Database.Database, synchronous: SqliteSynchronousMode): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  // A multi-row INSERT inside a transaction keeps a statement journal; in memory it costs a page copy, on
  // disk a temp file per batch and ~1 µs/event of syscalls (measured with strace).
  db.pragma('temp_store = MEMORY');
}
