import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../core/index.js';
import type { SqliteSynchronousMode } from './configureSqliteConnection.js';
import { SqliteEventStore } from './SqliteEventStore.js';
import { makeTempDir } from '../../testing/index.js';
import { createFillStream, createSampleEvents } from './eventFixtures.js';
import { runEventStoreContract } from './eventStoreContract.js';
import { countRows, hasCode, withRaw } from './sqliteTestSupport.js';

const dir = makeTempDir('fortress-sqlite-store-');
let files = 0;
const freshPath = (): string => join(dir, `events-${++files}.db`);

runEventStoreContract('SqliteEventStore', () => SqliteEventStore.open(freshPath()));
runEventStoreContract('SqliteEventStore (batches of 7, 3 rows per INSERT, writer at most 2 batches behind)', () =>
  SqliteEventStore.open(freshPath(), { batchSize: 7, rowsPerStatement: 3, maxPendingEvents: 14 }));

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

    it('creates schema version 2 in WAL mode with the event indexes', async () => {
      const path = freshPath();
      await SqliteEventStore.open(path, { synchronous: 'FULL' }).close();
      withRaw(path, (db) => {
        assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '2');
        assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'ts_ordered'").pluck().get(), '1');
        const names = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
        assert.deepEqual(names, ['events', 'events_correlation_id', 'events_type_seq', 'meta', 'snapshots']);
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
      assert.throws(() => SqliteEventStore.open(freshPath(), { maxPendingEvents: -1 }), /maxPendingEvents/);
    });

    it('refuses an in-memory database, which its writer thread could not share', () => {
      for (const path of [':memory:', '', 'file:events?mode=memory']) {
        assert.throws(() => SqliteEventStore.open(path), (e: unknown) => e instanceof ValidationError && /MemoryEventStore/.test(e.message));
      }
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
