import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AnyEvent, EventQuery } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { createFillStream } from './eventFixtures.js';
import { SqliteEventStore } from './SqliteEventStore.js';
import { SqliteTsBounds } from './SqliteTsBounds.js';
import { withRaw } from './sqliteTestSupport.js';

const dir = makeTempDir('fortress-sqlite-ts-');
let files = 0;
const freshPath = (): string => join(dir, `events-${++files}.db`);
const tsOrdered = (path: string): unknown => withRaw(path, (db) => db.prepare("SELECT value FROM meta WHERE key = 'ts_ordered'").pluck().get());

/** Seqs of the events inside [fromTs, toTs] (and the other bounds), found by looking at every event. */
function expectedSeqs(events: readonly AnyEvent[], query: EventQuery): number[] {
  const seqs: number[] = [];
  events.forEach((event, i) => {
    const seq = i + 1;
    if (query.fromTs !== undefined && event.ts < query.fromTs) return;
    if (query.toTs !== undefined && event.ts > query.toTs) return;
    if (query.fromSeq !== undefined && seq < query.fromSeq) return;
    if (query.toSeq !== undefined && seq > query.toSeq) return;
    seqs.push(seq);
  });
  return seqs;
}

async function storeWith(path: string, events: readonly AnyEvent[]): Promise<SqliteEventStore> {
  const store = SqliteEventStore.open(path, { batchSize: 100 });
  for (const event of events) store.append(event);
  await store.flush();
  return store;
}

function windows(events: readonly AnyEvent[]): EventQuery[] {
  const at = (i: number): number => events[i]!.ts;
  return [
    { fromTs: at(100), toTs: at(900) },
    { fromTs: at(100) + 1, toTs: at(900) - 1 },
    { fromTs: at(0) - 1 },
    { toTs: at(events.length - 1) + 1 },
    { fromTs: at(events.length - 1) + 1 },
    { toTs: at(0) - 1 },
    { fromTs: at(500), toTs: at(400) },
    { fromTs: at(200), toTs: at(800), fromSeq: 300, toSeq: 1_500 },
  ];
}

describe('SqliteEventStore time windows', () => {
  it('finds a time window by binary search over seq while ts never decreases', async () => {
    const path = freshPath();
    const events = createFillStream(1_000, 21);
    const store = await storeWith(path, events);
    assert.equal(tsOrdered(path), '1');
    withRaw(path, (db) => {
      const bounds = new SqliteTsBounds(db);
      const inside = expectedSeqs(events, { fromTs: events[100]!.ts, toTs: events[900]!.ts });
      assert.deepEqual(bounds.seqBounds(events[100]!.ts, events[900]!.ts), { fromSeq: inside[0], toSeq: inside.at(-1) });
      assert.deepEqual(bounds.seqBounds(undefined, events[0]!.ts - 1), { fromSeq: 1, toSeq: 0 });
      assert.deepEqual(bounds.seqBounds(events[999]!.ts + 1, undefined), { fromSeq: 1_001, toSeq: 1_000 });
    });
    for (const query of windows(events)) {
      assert.deepEqual((await store.read(query)).map((s) => s.seq), expectedSeqs(events, query), JSON.stringify(query));
    }
    await store.close();
  });

  it('gives up the binary search for good once ts goes back, and still answers exactly', async () => {
    const path = freshPath();
    const later = createFillStream(600, 22);
    const earlier = createFillStream(400, 23).map((event) => ({ ...event, ts: event.ts - 86_400_000, idempotencyKey: `older:${event.id}` }) as AnyEvent);
    const events = [...later, ...earlier];
    const store = await storeWith(path, events);
    assert.equal(tsOrdered(path), '0');
    withRaw(path, (db) => assert.equal(new SqliteTsBounds(db).seqBounds(0, undefined), undefined));
    for (const query of [...windows(events), { fromTs: earlier[10]!.ts, toTs: later[10]!.ts }]) {
      assert.deepEqual((await store.read(query)).map((s) => s.seq), expectedSeqs(events, query), JSON.stringify(query));
    }
    await store.close();
  });

  it('falls back to a scan when a row it probes is missing', async () => {
    const path = freshPath();
    const events = createFillStream(301, 24);
    await (await storeWith(path, events)).close();
    withRaw(path, (db) => {
      db.exec('DELETE FROM events WHERE seq = 151'); // the first probe of 1…302
      assert.equal(new SqliteTsBounds(db).seqBounds(events[10]!.ts, undefined), undefined);
    });
    const store = SqliteEventStore.open(path);
    const query = { fromTs: events[10]!.ts, toTs: events[200]!.ts };
    assert.deepEqual((await store.read(query)).map((s) => s.seq), expectedSeqs(events, query).filter((seq) => seq !== 151));
    await store.close();
  });

  it('migrates a schema-1 log: drops the ts and key indexes and notes whether its ts order is seq order', async () => {
    for (const ordered of [true, false]) {
      const path = freshPath();
      const fills = createFillStream(200, 25);
      const events = ordered ? fills : [...fills.slice(100), ...fills.slice(0, 100)];
      await (await storeWith(path, events)).close();
      withRaw(path, (db) => {
        db.exec(`CREATE INDEX events_ts ON events (ts); CREATE INDEX events_key ON events (key); DELETE FROM meta WHERE key = 'ts_ordered'; UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
      });
      const store = SqliteEventStore.open(path);
      assert.equal(tsOrdered(path), ordered ? '1' : '0');
      withRaw(path, (db) => assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('events_ts', 'events_key')").pluck().get(), 0));
      const query = { fromTs: fills[50]!.ts, toTs: fills[150]!.ts };
      assert.deepEqual((await store.read(query)).map((s) => s.seq), expectedSeqs(events, query));
      await store.close();
    }
  });
});
