import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { FortressError } from '../../core/index.js';
import { usePostgresServer } from '../../testing/postgres.js';
import { createSampleEvents } from './eventFixtures.js';
import { PostgresEventStore } from './PostgresEventStore.js';
import { POSTGRES_SCHEMA_VERSION } from './postgresSchema.js';

const postgres = usePostgresServer();

async function migrationRows(schema: string): Promise<unknown[]> {
  const client = new pg.Client(postgres.server.url);
  await client.connect();
  try {
    return (await client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL event store migrations', () => {
  it('lets two stores migrate the same fresh schema at once: one applies it, both end at the current version', async () => {
    const opened = await Promise.all([1, 2, 3].map(() => PostgresEventStore.open(postgres.server.url, { schema: 'racing' })));
    assert.deepEqual(await Promise.all(opened.map((store) => store.migrate())), [1, 1, 1]);
    assert.deepEqual(await migrationRows('racing'), [{ version: 1 }]);
    const [first, second] = createSampleEvents();
    opened[0]!.append(first!);
    opened[1]!.append(second!);
    await Promise.all(opened.map((store) => store.flush()));
    assert.deepEqual((await opened[2]!.read()).map((stored) => stored.seq), [1, 2]);
    await Promise.all(opened.map((store) => store.close()));
  });

  it('migrates without opening a store, and again finds nothing to do', async () => {
    assert.equal(await PostgresEventStore.migrate(postgres.server.url, { schema: 'standalone' }), POSTGRES_SCHEMA_VERSION);
    assert.equal(await PostgresEventStore.migrate(postgres.server.url, { schema: 'standalone' }), POSTGRES_SCHEMA_VERSION);
    assert.deepEqual(await migrationRows('standalone'), [{ version: 1 }]);
    const store = await PostgresEventStore.open(postgres.server.url, { schema: 'standalone', migrate: false });
    assert.equal(await store.lastSeq(), 0);
    await store.close();
  });

  it('numbers the events of two stores writing one log gap-free, each store in its own append order', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => PostgresEventStore.open(postgres.server.url, { schema: 'shared', batchSize: 13 })));
    const events = createSampleEvents();
    const fills = Array.from({ length: 400 }, (_, i) => ({ ...events[5]!, id: `fill-${i}`, idempotencyKey: `fill-${i}` }));
    for (let i = 0; i < fills.length; i++) (i % 2 === 0 ? a! : b!).append(fills[i]!);
    b!.append(fills[0]!); // the same event reaching both writers is stored once
    await Promise.all([a!.flush(), b!.flush()]);
    const stored = await a!.read();
    assert.deepEqual(stored.map((s) => s.seq), fills.map((_, i) => i + 1));
    const order = (parity: number): string[] => stored.map((s) => s.event.id).filter((id) => Number(id.slice(5)) % 2 === parity);
    assert.deepEqual(order(0), fills.filter((_, i) => i % 2 === 0).map((f) => f.id));
    assert.deepEqual(order(1), fills.filter((_, i) => i % 2 === 1).map((f) => f.id));
    await Promise.all([a!.close(), b!.close()]);
  });

  it('writes as a role that may only select and insert events: the log can be append-only by grant', async () => {
    await (await PostgresEventStore.open(postgres.server.url, { schema: 'granted' })).close();
    const admin = new pg.Client(postgres.server.url);
    await admin.connect();
    await admin.query(`CREATE ROLE appender LOGIN;
      GRANT USAGE ON SCHEMA granted TO appender;
      GRANT SELECT, INSERT ON granted.events TO appender;
      GRANT SELECT, INSERT, UPDATE ON granted.snapshots TO appender;
      GRANT SELECT ON granted.schema_migrations TO appender`);
    await admin.end();
    const store = await PostgresEventStore.open(postgres.server.url.replace('fortress@', 'appender@'), { schema: 'granted', migrate: false });
    const sample = createSampleEvents();
    for (const event of sample) store.append(event);
    assert.equal(await store.saveSnapshotAtHead('node', 1, { n: sample.length }), sample.length);
    assert.equal((await store.read()).length, sample.length);
    await store.close();
  });

  it('refuses a target it cannot reach with EVENT_STORE_OPEN_FAILED', async () => {
    await assert.rejects(PostgresEventStore.migrate('postgres://fortress@127.0.0.1:1/fortress', { connectTimeoutMs: 1_000 }),
      (error: unknown) => error instanceof FortressError && error.code === 'EVENT_STORE_OPEN_FAILED');
  });
});
