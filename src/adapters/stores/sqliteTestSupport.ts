import Database from 'better-sqlite3';
import { FortressError } from '../../core/index.js';

/** Test support for the SQLite store specs. */

/** A second, plain connection to the same file: how an operator (or a bad disk) changes it behind the store's back. */
export function withRaw<T>(path: string, run: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return run(db);
  } finally {
    db.close();
  }
}

export const countRows = (path: string): number => withRaw(path, (db) => db.prepare('SELECT count(*) FROM events').pluck().get() as number);

export const hasCode = (code: string) => (error: unknown): boolean => error instanceof FortressError && error.code === code;

/** Every insert into `events` fails as on a full disk until healInserts. */
export const failInserts = (path: string): void =>
  withRaw(path, (db) => {
    db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
  });

export const healInserts = (path: string): void =>
  withRaw(path, (db) => {
    db.exec('DROP TRIGGER full_disk');
  });

/** Resolves once `check()` holds, polling; rejects after `timeoutMs` (the writer thread works in the background). */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
