import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { FortressError, ValidationError } from '../../core/index.js';
import type { SqliteSynchronousMode } from './SqliteEventStore.js';
import { SqliteEventStore } from './SqliteEventStore.js';
import { makeTempDir } from '../../testing/index.js';
import { createFillStream, createSampleEvents } from './eventFixtures.js';
import { runEventStoreContract } from './eventStoreContract.js';

const dir = makeTempDir('fortress-sqlite-store-');
let files = 0;
const freshPath = (): string => join(dir, `events-${++files}.db`);

runEventStoreContract('SqliteEventStore', () => SqliteEventStore.open(freshPath()));
runEventStoreContract('SqliteEventStore (batches of 7, 3 rows per INSERT)', () =>
  SqliteEventStore.open(freshPath(), { batchSize: 7, rowsPerStatement: 3 }));

/** A second, plain connection to the same file: how an operator (or a bad disk) changes it behind the store's back. */
function withRaw<T>(path: string, run: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return run(db);
  } finally {
    db.close();
  }
}

const countRows = (path: string): number => withRaw(path, (db) => db.prepare('SELECT count(*) FROM events').pluck().get() as number);
const hasCode = (code: string) => (error: unknown): boolean => error instanceof FortressError && error.code === code;

describe('SqliteEventStore', () => {
  describe('persistence', () => {
    it('shows the same events after the file is reopened and continues seq without a gap', async () => {
      const path = freshPath();
      const [first, ...rest] = createFillStream(300, 11);
      const store = SqliteEventStore.open(path);
      for (const event of rest.slice(0, 200)) store.append(event);
      await store.close(); // close writes what is still buffered
      const reopened = SqliteEventStore.open(path);
      assert.equal(await reopened.lastSeq(), 200);
      reopened.append(rest[0]!); // a redelivery of something stored before the restart
      for (const event of rest.slice(200)) reopened.append(event);
      reopened.append(first!);
      const stored = await reopened.read();
      assert.deepStrictEqual(stored, [...rest, first].map((event, i) => ({ seq: i + 1, event })));
      await reopened.close();
    });

    it('writes a full batch without an explicit flush, and nothing before', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path, { batchSize: 3 });
      const sample = createSampleEvents();
      store.append(sample[0]!);
      store.append(sample[1]!);
      assert.equal(countRows(path), 0);
      store.append(sample[2]!);
      assert.equal(countRows(path), 3);
      store.append(sample[3]!);
      assert.equal(countRows(path), 3);
      await store.flush();
      assert.equal(countRows(path), 4);
      await store.close();
    });

    it('creates schema version 1 in WAL mode with the event indexes', async () => {
      const path = freshPath();
      await SqliteEventStore.open(path, { synchronous: 'FULL' }).close();
      withRaw(path, (db) => {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '1');
        const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
        assert.deepEqual(names, ['events', 'events_correlation_id', 'events_key', 'events_ts', 'events_type_seq', 'meta', 'snapshots']);
      });
      const again = SqliteEventStore.open(path); // migrations are not applied twice
      assert.equal(await again.lastSeq(), 0);
      await again.close();
    });

    it('refuses a file written with a newer schema version', async () => {
      const path = freshPath();
      await SqliteEventStore.open(path).close();
      withRaw(path, (db) => db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run());
      assert.throws(() => SqliteEventStore.open(path), hasCode('EVENT_STORE_SCHEMA_TOO_NEW'));
    });

    it('refuses to open a file in a missing directory', () => {
      assert.throws(() => SqliteEventStore.open(join(dir, 'missing', 'events.db')), hasCode('EVENT_STORE_OPEN_FAILED'));
    });

    it('refuses options out of range, naming the option', () => {
      assert.throws(() => SqliteEventStore.open(freshPath(), { batchSize: 0 }), (e: unknown) => e instanceof ValidationError && /batchSize/.test(e.message));
      assert.throws(() => SqliteEventStore.open(freshPath(), { rowsPerStatement: 2.5 }), /rowsPerStatement/);
      assert.throws(() => SqliteEventStore.open(freshPath(), { synchronous: 'OFF' as SqliteSynchronousMode }), /synchronous/);
    });
  });

  describe('failed writes', () => {
    const failInserts = (path: string): void =>
      withRaw(path, (db) => {
        db.exec("CREATE TRIGGER full_disk BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      });
    const healInserts = (path: string): void =>
      withRaw(path, (db) => {
        db.exec('DROP TRIGGER full_disk');
      });

    it('keeps the buffer when a batch cannot be written, and writes it on the next flush', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path);
      const sample = createSampleEvents();
      for (const event of sample.slice(0, 4)) store.append(event);
      await store.flush();
      for (const event of sample.slice(4)) store.append(event);
      failInserts(path);
      await assert.rejects(store.flush(), (error: unknown) =>
        hasCode('EVENT_STORE_WRITE_FAILED')(error) && /8 buffered events/.test((error as Error).message) && /disk is full/.test((error as Error).message));
      await assert.rejects(store.close(), hasCode('EVENT_STORE_WRITE_FAILED'));
      assert.equal(countRows(path), 4);
      healInserts(path);
      assert.deepStrictEqual(await store.read(), sample.map((event, i) => ({ seq: i + 1, event })));
      await store.close();
    });

    it('throws from the append that fills a batch it cannot write, keeping that event', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path, { batchSize: 2 });
      const sample = createSampleEvents();
      store.append(sample[0]!);
      failInserts(path);
      assert.throws(() => store.append(sample[1]!), hasCode('EVENT_STORE_WRITE_FAILED'));
      healInserts(path);
      store.append(sample[1]!); // the producer retries: same idempotency key, stored once
      store.append(sample[2]!);
      assert.deepStrictEqual(await store.read(), sample.slice(0, 3).map((event, i) => ({ seq: i + 1, event })));
      await store.close();
    });
  });

  describe('corrupt rows', () => {
    const cases = [
      { field: 'payload', sql: "UPDATE events SET payload = '{\"clientOrderId\": ' WHERE seq = 6" },
      { field: 'payload', sql: "UPDATE events SET payload = '[1, 2]' WHERE seq = 6" },
      { field: 'type', sql: "UPDATE events SET type = 'OrderTeleported' WHERE seq = 6" },
      { field: 'version', sql: 'UPDATE events SET version = 0 WHERE seq = 6' },
      { field: 'version', sql: 'UPDATE events SET version = NULL WHERE seq = 6' },
      { field: 'key', sql: 'UPDATE events SET key = NULL WHERE seq = 6' },
      { field: 'correlation_id', sql: "UPDATE events SET correlation_id = X'C0FFEE' WHERE seq = 6" },
      { field: 'ts', sql: "UPDATE events SET ts = 'yesterday' WHERE seq = 6" },
    ] as const;
    for (const { field, sql } of cases) {
      it(`stops a read at a row whose ${field} is corrupt, naming seq and column (${sql.slice(18, 48)}…)`, async () => {
        const path = freshPath();
        const store = SqliteEventStore.open(path);
        for (const event of createSampleEvents()) store.append(event);
        await store.flush();
        withRaw(path, (db) => db.exec(sql));
        await assert.rejects(store.read(), (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.match(error.message, new RegExp(`seq 6: ${field}`));
          assert.deepEqual(error.details, { seq: 6, field });
          return true;
        });
        assert.equal((await store.read({ toSeq: 5 })).length, 5);
        await store.close();
      });
    }

    it('reports a corrupt snapshot naming the snapshot and field', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path);
      await store.saveSnapshot({ name: 'portfolio', seq: 0, ts: 0, state: { cashMinor: 1 } });
      withRaw(path, (db) => db.exec("UPDATE snapshots SET state = 'not json' WHERE name = 'portfolio'"));
      await assert.rejects(store.loadSnapshot('portfolio'), (error: unknown) =>
        error instanceof ValidationError && /portfolio/.test(error.message) && /state/.test(error.message));
      await store.close();
    });
  });

  describe('snapshots', () => {
    it('writes buffered events before the snapshot that refers to them', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path);
      const sample = createSampleEvents();
      for (const event of sample) store.append(event);
      await store.saveSnapshot({ name: 'portfolio', seq: sample.length, ts: sample.at(-1)!.ts, state: { cashMinor: 9_702_060 } });
      assert.equal(countRows(path), sample.length);
      await store.close();
      const reopened = SqliteEventStore.open(path);
      assert.deepStrictEqual(await reopened.loadSnapshot('portfolio'), {
        name: 'portfolio', seq: sample.length, ts: sample.at(-1)!.ts, state: { cashMinor: 9_702_060 },
      });
      await reopened.close();
    });
  });
});
