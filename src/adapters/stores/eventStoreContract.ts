import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FortressError, ValidationError } from '../../core/index.js';
import type { AnyEvent, EventQuery, EventStore, StoredEvent } from '../../core/index.js';
import { FIXTURE_START_MS as T0, MSFT, ORCL, createFillStream, createSampleEvents } from './eventFixtures.js';
import { readAll } from './readAll.js';

export type OpenEventStore = () => Promise<EventStore> | EventStore;

/**
 * The behaviour every EventStore must show, run against each implementation (memory, SQLite, PostgreSQL).
 * `open` must return a fresh, empty store each time; every test closes the store it opened.
 */
export function runEventStoreContract(name: string, open: OpenEventStore): void {
  const withStore = async (run: (store: EventStore) => Promise<void>): Promise<void> => {
    const store = await open();
    try {
      await run(store);
    } finally {
      await store.close();
    }
  };
  const withSample = (run: (store: EventStore, sample: readonly AnyEvent[]) => Promise<void>): (() => Promise<void>) => () =>
    withStore(async (store) => {
      const sample = createSampleEvents();
      for (const event of sample) store.append(event);
      await store.flush();
      await run(store, sample);
    });
  const seqsOf = (stored: readonly StoredEvent[]): number[] => stored.map((s) => s.seq);
  const readSeqs = async (store: EventStore, query: EventQuery): Promise<number[]> => seqsOf(await store.read(query));

  describe(`EventStore contract: ${name}`, () => {
    describe('appending', () => {
      it('starts empty: lastSeq is 0 and a read finds nothing', () =>
        withStore(async (store) => {
          assert.equal(await store.lastSeq(), 0);
          assert.deepEqual(await store.read(), []);
        }));

      it('assigns seq 1..n, gap-free and ascending in append order', withSample(async (store, sample) => {
        const stored = await store.read();
        assert.deepEqual(seqsOf(stored), sample.map((_, i) => i + 1));
        assert.deepEqual(stored.map((s) => s.event.id), sample.map((e) => e.id));
        assert.equal(await store.lastSeq(), sample.length);
      }));

      it('gives back every envelope exactly as appended (nested payloads, optional fields, numbers)', withSample(async (store, sample) => {
        assert.deepStrictEqual(await store.read(), sample.map((event, i) => ({ seq: i + 1, event })));
      }));

      it('shows appended events to read and lastSeq before an explicit flush', () =>
        withStore(async (store) => {
          const [first, second] = createSampleEvents();
          store.append(first!);
          store.append(second!);
          assert.equal(await store.lastSeq(), 2);
          assert.deepStrictEqual(await store.read(), [{ seq: 1, event: first }, { seq: 2, event: second }]);
        }));

      it('round-trips 10,000 fill and position events', () =>
        withStore(async (store) => {
          const events = createFillStream(10_000, 3);
          for (const event of events) store.append(event);
          await store.flush();
          assert.equal(await store.lastSeq(), 10_000);
          assert.deepStrictEqual(await store.read(), events.map((event, i) => ({ seq: i + 1, event })));
        }));

      it('replays a long log page by page with readAll', () =>
        withStore(async (store) => {
          const events = createFillStream(2_500, 5);
          for (const event of events) store.append(event);
          const replayed: StoredEvent[] = [];
          for await (const stored of readAll(store, 999)) replayed.push(stored);
          assert.deepStrictEqual(replayed, events.map((event, i) => ({ seq: i + 1, event })));
          const fills: number[] = [];
          for await (const stored of readAll(store, 100, { types: ['OrderFilled'], toSeq: 1_000 })) fills.push(stored.seq);
          assert.deepEqual(fills, events.slice(0, 1_000).flatMap((e, i) => (e.type === 'OrderFilled' ? [i + 1] : [])));
        }));
    });

    describe('idempotency', () => {
      it('ignores an event whose idempotency key is already stored, without using up a seq', withSample(async (store, sample) => {
        const fill = sample[5]!;
        store.append(fill); // redelivered as is
        store.append({ ...fill, id: 'zzz-redelivered', ts: fill.ts + 60_000 }); // re-created after a restart, same key
        const [extra] = createFillStream(1, 9);
        store.append(extra!);
        const stored = await store.read();
        assert.equal(stored.length, sample.length + 1);
        assert.deepStrictEqual(stored.at(-1), { seq: sample.length + 1, event: extra });
        assert.equal(stored.filter((s) => s.event.idempotencyKey === fill.idempotencyKey).length, 1);
      }));

      it('ignores a duplicate appended within the same unflushed batch', () =>
        withStore(async (store) => {
          const [first, second] = createSampleEvents();
          store.append(first!);
          store.append(first!);
          store.append(second!);
          assert.deepEqual(await store.read(), [{ seq: 1, event: first }, { seq: 2, event: second }]);
        }));
    });

    describe('reading by query', () => {
      it('bounds seq with fromSeq and toSeq, both inclusive', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { fromSeq: 3, toSeq: 5 }), [3, 4, 5]);
        assert.deepEqual(await readSeqs(store, { fromSeq: 10 }), [10, 11, 12]);
        assert.deepEqual(await readSeqs(store, { toSeq: 2 }), [1, 2]);
        assert.deepEqual(await readSeqs(store, { fromSeq: 7, toSeq: 7 }), [7]);
        assert.deepEqual(await readSeqs(store, { fromSeq: 13 }), []);
        assert.deepEqual(await readSeqs(store, { fromSeq: 0, toSeq: 1 }), [1]);
      }));

      it('bounds event time with fromTs and toTs, both inclusive', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { fromTs: T0 + 1000, toTs: T0 + 3000 }), [3, 4, 5, 6, 7, 8]);
        assert.deepEqual(await readSeqs(store, { fromTs: T0 + 5000 }), [11, 12]);
        assert.deepEqual(await readSeqs(store, { toTs: T0 }), [1, 2]);
        assert.deepEqual(await readSeqs(store, { fromTs: T0 + 500, toTs: T0 + 999 }), []);
      }));

      it('selects event types', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { types: ['OrderFilled', 'PositionChanged'] }), [6, 7]);
        assert.deepEqual(await readSeqs(store, { types: ['TradeIntentCreated'] }), [2, 10]);
        assert.deepEqual(await readSeqs(store, { types: ['OrderExpired'] }), []);
      }));

      it('reads nothing for an empty list of types', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { types: [] }), []);
      }));

      it('selects one correlation id: a trade’s whole story', withSample(async (store, sample) => {
        assert.deepEqual(await readSeqs(store, { correlationId: sample[0]!.id }), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert.deepEqual(await readSeqs(store, { correlationId: sample[8]!.id }), [9, 10, 11, 12]);
        assert.deepEqual(await readSeqs(store, { correlationId: 'unknown' }), []);
      }));

      it('selects one partition key', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { key: MSFT }), [9, 10, 11]);
        assert.deepEqual(await readSeqs(store, { key: 'system' }), [12]);
        assert.deepEqual(await readSeqs(store, { key: ORCL }), [1, 2, 3, 4, 5, 6, 7, 8]);
      }));

      it('limits the result to the lowest matching seqs', withSample(async (store) => {
        assert.deepEqual(await readSeqs(store, { limit: 3 }), [1, 2, 3]);
        assert.deepEqual(await readSeqs(store, { limit: 0 }), []);
        assert.deepEqual(await readSeqs(store, { limit: 100 }), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        assert.deepEqual(await readSeqs(store, { key: ORCL, fromSeq: 4, limit: 2 }), [4, 5]);
      }));

      it('combines every field with AND', withSample(async (store, sample) => {
        const query: EventQuery = {
          fromSeq: 2, toSeq: 11, fromTs: T0, toTs: T0 + 5000, types: ['TradeIntentCreated', 'RiskApproved', 'RiskRejected', 'OrderFilled'],
          correlationId: sample[0]!.id, key: ORCL, limit: 2,
        };
        assert.deepEqual(await readSeqs(store, query), [2, 3]);
        assert.deepEqual(await readSeqs(store, { ...query, limit: 10 }), [2, 3, 6]);
        assert.deepEqual(await readSeqs(store, { ...query, limit: 10, fromTs: T0 + 2000 }), [6]);
        assert.deepEqual(await readSeqs(store, { ...query, key: MSFT }), []);
        assert.deepEqual(await readSeqs(store, { types: ['TradeIntentCreated', 'RiskRejected'], key: MSFT, fromTs: T0 + 4500 }), [11]);
      }));

      it('refuses a negative or fractional limit or seq bound with a ValidationError', withSample(async (store) => {
        await assert.rejects(store.read({ limit: -1 }), ValidationError);
        await assert.rejects(store.read({ limit: 1.5 }), ValidationError);
        await assert.rejects(store.read({ fromSeq: -3 }), ValidationError);
        await assert.rejects(store.read({ toTs: Number.NaN }), ValidationError);
      }));
    });

    describe('newest first', () => {
      it('answers order desc newest first, the limit keeping the latest matches', withSample(async (store, sample) => {
        const all = seqsOf(await store.read());
        assert.deepEqual(await readSeqs(store, { order: 'desc' }), [...all].reverse());
        assert.deepEqual(await readSeqs(store, { order: 'desc', limit: 3 }), [...all].reverse().slice(0, 3));
        const type = sample[0]!.type;
        const ofType = await readSeqs(store, { types: [type] });
        assert.deepEqual(await readSeqs(store, { types: [type], order: 'desc', limit: 1 }), ofType.slice(-1));
        assert.deepEqual(await readSeqs(store, { toSeq: 4, order: 'desc', limit: 2 }), [4, 3]);
        await assert.rejects(store.read({ order: 'sideways' as 'asc' }), ValidationError);
      }));
    });

    describe('snapshots', () => {
      it('loads undefined for a snapshot never saved', () =>
        withStore(async (store) => {
          assert.equal(await store.loadSnapshot('portfolio'), undefined);
        }));

      it('saves and loads a snapshot with its state intact', withSample(async (store) => {
        const state = { positions: [{ instrumentId: ORCL, quantity: 80, costMinor: 297_840 }], cashMinor: -12, flags: { halted: false } };
        await store.saveSnapshot({ name: 'portfolio', seq: 8, ts: T0 + 3000, state });
        assert.deepStrictEqual(await store.loadSnapshot('portfolio'), { name: 'portfolio', seq: 8, ts: T0 + 3000, state });
        assert.equal(await store.loadSnapshot('risk'), undefined);
      }));

      it('keeps only the latest snapshot of a name', withSample(async (store) => {
        await store.saveSnapshot({ name: 'portfolio', seq: 8, ts: T0 + 3000, state: { cashMinor: 1 } });
        await store.saveSnapshot({ name: 'risk', seq: 9, ts: T0 + 4000, state: ['counters', 3] });
        await store.saveSnapshot({ name: 'portfolio', seq: 12, ts: T0 + 6000, state: { cashMinor: 2 } });
        assert.deepStrictEqual(await store.loadSnapshot('portfolio'), { name: 'portfolio', seq: 12, ts: T0 + 6000, state: { cashMinor: 2 } });
        assert.deepStrictEqual(await store.loadSnapshot('risk'), { name: 'risk', seq: 9, ts: T0 + 4000, state: ['counters', 3] });
      }));

      it('stamps a snapshot at head with the seq of the last event appended before it, unflushed and duplicates included', () =>
        withStore(async (store) => {
          const sample = createSampleEvents();
          const half = Math.floor(sample.length / 2);
          for (const event of sample.slice(0, half)) store.append(event);
          store.append(sample[0]!); // a duplicate takes no seq
          const pending = store.saveSnapshotAtHead('node', T0 + 1, { upTo: half });
          // Appended after the call: not in the snapshot, whatever the store has written by then.
          for (const event of sample.slice(half)) store.append(event);
          assert.equal(await pending, half);
          assert.deepStrictEqual(await store.loadSnapshot('node'), { name: 'node', seq: half, ts: T0 + 1, state: { upTo: half } });
          assert.equal(await store.lastSeq(), sample.length);
          await assert.rejects(store.saveSnapshotAtHead('node', T0, undefined), ValidationError);
        }));

      it('refuses a snapshot whose state is not JSON', () =>
        withStore(async (store) => {
          await assert.rejects(store.saveSnapshot({ name: 'portfolio', seq: 0, ts: T0, state: undefined }), ValidationError);
          await assert.rejects(store.saveSnapshot({ name: 'portfolio', seq: 0, ts: T0, state: { big: 1n } }), ValidationError);
          await assert.rejects(store.saveSnapshot({ name: '', seq: 0, ts: T0, state: {} }), ValidationError);
          assert.equal(await store.loadSnapshot('portfolio'), undefined);
        }));
    });

    describe('closing', () => {
      it('refuses to append or read after close', async () => {
        const store = await open();
        await store.close();
        assert.throws(() => store.append(createSampleEvents()[0]!), (error: unknown) => error instanceof FortressError && error.code === 'EVENT_STORE_CLOSED');
        await assert.rejects(store.read(), (error: unknown) => error instanceof FortressError && error.code === 'EVENT_STORE_CLOSED');
        await store.close(); // a second close is harmless
      });
    });
  });
}
