import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../core/index.js';
import type { AnyEvent } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { createFillStream, createSampleEvents } from './eventFixtures.js';
import { SqliteEventStore } from './SqliteEventStore.js';
import { countRows, eventually, failInserts, hasCode, healInserts } from './sqliteTestSupport.js';

const dir = makeTempDir('fortress-sqlite-writer-');
let files = 0;
const freshPath = (): string => join(dir, `events-${++files}.db`);
const stored = (events: readonly AnyEvent[]): { seq: number; event: AnyEvent }[] => events.map((event, i) => ({ seq: i + 1, event }));

describe('SqliteEventStore writer thread', () => {
  it('hands a full batch to the writer without an explicit flush, and nothing before', async () => {
    const path = freshPath();
    const store = SqliteEventStore.open(path, { batchSize: 3 });
    const sample = createSampleEvents();
    store.append(sample[0]!);
    store.append(sample[1]!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(countRows(path), 0);
    store.append(sample[2]!);
    store.append(sample[3]!);
    await eventually(() => countRows(path) === 3);
    await store.flush();
    assert.equal(countRows(path), 4);
    await store.close();
  });

  it('makes the appender wait while the writer is maxPendingEvents behind, losing nothing', async () => {
    const path = freshPath();
    const store = SqliteEventStore.open(path, { batchSize: 10, maxPendingEvents: 20 });
    const events = createFillStream(3_000, 4);
    for (const event of events) store.append(event);
    // No await since the first append: only the back-pressure can have made the writer keep up.
    assert.ok(countRows(path) >= events.length - 30, `only ${countRows(path)} rows written`);
    assert.deepStrictEqual(await store.read(), stored(events));
    await store.close();
  });

  it('refuses an event that could never be written, and stays usable', async () => {
    const store = SqliteEventStore.open(freshPath());
    const [first, second] = createSampleEvents();
    assert.throws(() => store.append({ ...first!, payload: undefined } as unknown as AnyEvent), ValidationError);
    assert.throws(() => store.append({ ...first!, ts: Number.NaN }), ValidationError);
    assert.throws(() => store.append({ ...first!, key: undefined } as unknown as AnyEvent), ValidationError);
    store.append(first!);
    store.append(second!);
    assert.deepStrictEqual(await store.read(), stored([first!, second!]));
    await store.close();
  });

  describe('failed writes', () => {
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
      assert.deepStrictEqual(await store.read(), stored(sample));
      await store.close();
    });

    it('surfaces a failed background write at the next append, keeping every event', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path, { batchSize: 2 });
      const sample = createSampleEvents();
      store.append(sample[0]!);
      failInserts(path);
      store.append(sample[1]!); // fills the batch: handed to the writer, which fails
      let failure: unknown;
      await eventually(() => {
        try {
          store.append(sample[1]!); // the producer retries: same idempotency key, stored once
          return false;
        } catch (error) {
          failure = error;
          return true;
        }
      });
      assert.ok(hasCode('EVENT_STORE_WRITE_FAILED')(failure), String(failure));
      assert.match((failure as Error).message, /disk is full/);
      healInserts(path);
      store.append(sample[2]!);
      assert.deepStrictEqual(await store.read(), stored(sample.slice(0, 3)));
      await store.close();
    });

    it('saves no snapshot while the events before it cannot be written', async () => {
      const path = freshPath();
      const store = SqliteEventStore.open(path);
      const sample = createSampleEvents();
      failInserts(path);
      for (const event of sample) store.append(event);
      const snapshot = { name: 'portfolio', seq: sample.length, ts: sample.at(-1)!.ts, state: { cashMinor: 9_702_060 } };
      await assert.rejects(store.saveSnapshot(snapshot), hasCode('EVENT_STORE_WRITE_FAILED'));
      assert.equal(await store.loadSnapshot('portfolio'), undefined);
      healInserts(path);
      await store.saveSnapshot(snapshot);
      assert.deepStrictEqual(await store.loadSnapshot('portfolio'), snapshot);
      assert.equal(countRows(path), sample.length);
      await store.close();
    });
  });

  it('does not keep the process alive when a store is never closed, yet finishes an awaited flush', () => {
    const path = freshPath();
    const script = join(dir, 'unclosed.mjs');
    writeFileSync(
      script,
      `import { SqliteEventStore } from ${JSON.stringify(new URL('./SqliteEventStore.js', import.meta.url).href)};
import { createSampleEvents } from ${JSON.stringify(new URL('./eventFixtures.js', import.meta.url).href)};
const store = SqliteEventStore.open(process.argv[2]);
const sample = createSampleEvents();
for (const event of sample.slice(0, 5)) store.append(event);
await store.flush();
for (const event of sample.slice(5)) store.append(event); // never flushed: lost with the process
process.stdout.write('flushed');
`,
    );
    const child = spawnSync(process.execPath, [script, path], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(child.error, undefined);
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, 'flushed');
    assert.equal(countRows(path), 5);
  });
});
