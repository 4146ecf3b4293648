import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { FortressError, ValidationError } from '../../core/index.js';
import type { AnyEvent } from '../../core/index.js';
import { usePostgresServer } from '../../testing/postgres.js';
import { createFillStream, createSampleEvents } from './eventFixtures.js';
import { runEventStoreContract } from './eventStoreContract.js';
import { PostgresEventStore } from './PostgresEventStore.js';
import type { PostgresEventStoreOptions } from './PostgresEventStore.js';

const postgres = usePostgresServer();
let schemas = 0;
/** Every store of the contract gets a schema of its own: a fresh, empty log on the file's one server. */
const freshSchema = (): string => `contract_${++schemas}`;
const open = (options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> =>
  PostgresEventStore.open(postgres.server.url, { schema: freshSchema(), ...options });

async function withRaw<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(postgres.server.url);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const hasCode = (code: string) => (error: unknown): boolean => error instanceof FortressError && error.code === code;

runEventStoreContract('PostgresEventStore', () => open());
runEventStoreContract('PostgresEventStore (batches of 7, a pool of 2)', () => open({ batchSize: 7, poolMax: 2 }));

describe('PostgresEventStore', () => {
  it('reads everything back after a restart and continues seq without a gap', async () => {
    const schema = freshSchema();
    const [first, ...rest] = createFillStream(3_000, 11);
    const store = await PostgresEventStore.open(postgres.server.url, { schema });
    for (const event of rest.slice(0, 2_000)) store.append(event);
    await store.close(); // close writes what is still buffered
    const reopened = await PostgresEventStore.open(postgres.server.url, { schema });
    assert.equal(await reopened.lastSeq(), 2_000);
    reopened.append(rest[0]!); // a redelivery of something stored before the restart
    for (const event of rest.slice(2_000)) reopened.append(event);
    reopened.append(first!);
    assert.deepStrictEqual(await reopened.read(), [...rest, first].map((event, i) => ({ seq: i + 1, event })));
    await reopened.close();
  });

  it('keeps payload strings PostgreSQL text could not hold (NUL, lone surrogate) and refuses them in envelope fields', async () => {
    const store = await open();
    const [fill] = createFillStream(1, 3) as [Extract<AnyEvent, { type: 'OrderFilled' }>];
    const odd = { ...fill, payload: { ...fill.payload, clientOrderId: 'nul\u0000 and \ud800 lone, \u{1F600} pair, "quoted" \\ back' } };
    store.append(odd);
    assert.deepStrictEqual(await store.read(), [{ seq: 1, event: odd }]);
    assert.throws(() => store.append({ ...fill, id: 'x', idempotencyKey: 'k\u0000' }), (e: unknown) => e instanceof ValidationError && /idempotencyKey/.test(e.message));
    assert.throws(() => store.append({ ...fill, id: 'y', key: 'k\udc00' }), (e: unknown) => e instanceof ValidationError && /key/.test(e.message));
    assert.throws(() => store.append({ ...fill, id: 'z', ts: Number.NaN }), (e: unknown) => e instanceof ValidationError && /ts/.test(e.message));
    assert.throws(() => store.append({ ...fill, payload: { big: 1n } } as unknown as AnyEvent), ValidationError);
    assert.equal(await store.lastSeq(), 1);
    await store.close();
  });

  it('stops a read at a corrupt row, naming its seq and column', async () => {
    const schema = freshSchema();
    const store = await PostgresEventStore.open(postgres.server.url, { schema });
    for (const event of createSampleEvents()) store.append(event);
    await store.flush();
    const cases = [
      { field: 'type', sql: `UPDATE ${schema}.events SET type = 'OrderTeleported' WHERE seq = 6` },
      { field: 'payload', sql: `UPDATE ${schema}.events SET type = 'OrderFilled', payload = '[1, 2]' WHERE seq = 6` },
      { field: 'version', sql: `UPDATE ${schema}.events SET payload = '{}', version = 0 WHERE seq = 6` },
      { field: 'ts', sql: `UPDATE ${schema}.events SET version = 1, ts = 'NaN' WHERE seq = 6` },
    ];
    for (const { field, sql } of cases) {
      await withRaw((client) => client.query(sql));
      await assert.rejects(store.read(), (error: unknown) => {
        assert.ok(error instanceof ValidationError, String(error));
        assert.match(error.message, new RegExp(`seq 6: ${field}`));
        assert.deepEqual(error.details, { seq: 6, field });
        return true;
      });
    }
    assert.equal((await store.read({ toSeq: 5 })).length, 5);
    await store.close();
  });

  it('creates the schema with its migration recorded and the event indexes', async () => {
    const schema = freshSchema();
    await (await PostgresEventStore.open(postgres.server.url, { schema })).close();
    await withRaw(async (client) => {
      const versions = await client.query('SELECT version, description FROM ' + schema + '.schema_migrations');
      assert.deepEqual(versions.rows, [{ version: 1, description: 'events, snapshots' }]);
      const indexes = await client.query("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'events' ORDER BY indexname", [schema]);
      assert.deepEqual(indexes.rows.map((r: { indexname: string }) => r.indexname),
        ['events_correlation_id_seq', 'events_idempotency_key', 'events_key_seq', 'events_pkey', 'events_ts', 'events_type_seq']);
    });
  });

  it('refuses to open a schema that was never migrated when told not to migrate, or one from a newer Fortress', async () => {
    await assert.rejects(open({ migrate: false }), hasCode('EVENT_STORE_SCHEMA_OUTDATED'));
    const schema = freshSchema();
    await (await PostgresEventStore.open(postgres.server.url, { schema })).close();
    await withRaw((client) => client.query(`INSERT INTO ${schema}.schema_migrations (version, description) VALUES (99, 'future')`));
    await assert.rejects(PostgresEventStore.open(postgres.server.url, { schema }), hasCode('EVENT_STORE_SCHEMA_TOO_NEW'));
  });

  it('refuses a bad URL naming DATABASE_URL and the bad part, without showing the password', async () => {
    const refuses = (url: string, part: RegExp) =>
      assert.rejects(PostgresEventStore.open(url), (e: unknown) => e instanceof ValidationError && /DATABASE_URL/.test(e.message) && part.test(e.message) && !/s3cret/.test(e.message));
    await refuses('mysql://u:s3cret@host/db', /scheme "mysql"/);
    await refuses('postgres://u:s3cret@host:99999/db', /port/);
    await refuses('not a url', /not a URL/);
    await refuses('postgres:///db', /no host/);
  });

  it('fails to open when nothing listens there, naming the target', async () => {
    await assert.rejects(PostgresEventStore.open('postgres://fortress:s3cret@127.0.0.1:1/fortress', { connectTimeoutMs: 2_000 }),
      (e: unknown) => hasCode('EVENT_STORE_OPEN_FAILED')(e) && /127\.0\.0\.1:1/.test((e as Error).message) && !/s3cret/.test((e as Error).message));
  });

  it('refuses options out of range, naming the option', async () => {
    await assert.rejects(open({ batchSize: 0 }), /batchSize/);
    await assert.rejects(open({ maxBufferedEvents: 1.5 }), /maxBufferedEvents/);
    await assert.rejects(open({ schema: 'Robert"; DROP TABLE' }), /schema/);
  });
});
