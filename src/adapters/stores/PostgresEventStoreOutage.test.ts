import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { FortressError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import { usePostgresServer } from '../../testing/postgres.js';
import { waitFor } from '../../testing/index.js';
import { createFillStream } from './eventFixtures.js';
import { PostgresEventStore } from './PostgresEventStore.js';
import type { PostgresEventStoreOptions } from './PostgresEventStore.js';

const postgres = usePostgresServer();
let schemas = 0;
const FAST_RETRY = { retryInitialMs: 20, retryMaxMs: 200 } as const;

/** A real logger that keeps what it is told, so a test can read the store's log lines. */
function recordingLogger(lines: string[] = []): Logger & { readonly lines: string[] } {
  const record = (level: string) => (_fields: Readonly<Record<string, unknown>>, message?: string): void => {
    lines.push(`${level}: ${message ?? ''}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), child: () => recordingLogger(lines) };
}

const open = (options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> =>
  PostgresEventStore.open(postgres.server.url, { schema: `outage_${++schemas}`, ...FAST_RETRY, ...options });

describe('PostgresEventStore when PostgreSQL goes away', () => {
  afterEach(async () => {
    if (!postgres.server.running) await postgres.server.start(); // a failed test leaves it up for the next
  });

  it('keeps accepting events, reports down with the reason, and writes each exactly once in order when it returns', async () => {
    const logger = recordingLogger();
    const store = await open({ logger, batchSize: 100 });
    const events = createFillStream(3_000, 5);
    for (const event of events.slice(0, 500)) store.append(event);
    await store.flush();
    assert.deepEqual(store.health(), { state: 'ok', pendingEvents: 0, failedAttempts: 0 });

    // The server stops while batches are being written: some commit, some are cut off mid-transaction.
    let stopping: Promise<void> | undefined;
    for (let i = 500; i < 2_000; i += 25) {
      for (const event of events.slice(i, i + 25)) store.append(event);
      if (i === 1_000) stopping = postgres.server.stop();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await stopping;
    store.append(events[10]!); // a redelivery of an event stored before the outage
    await waitFor('the store to report down', () => store.health().state === 'down');
    const down = store.health();
    assert.match(down.detail ?? '', /^cannot write to postgres:\/\/fortress@127\.0\.0\.1:\d+\/fortress: .+ \(\w+\); retrying \(attempt \d+\), \d+ events waiting$/);
    assert.ok(down.pendingEvents > 0 && down.pendingEvents <= 1_501, String(down.pendingEvents));
    const flushed = store.flush(); // waits through the outage
    for (const event of events.slice(2_000, 2_500)) store.append(event);

    await postgres.server.start();
    await flushed;
    for (const event of events.slice(2_500)) store.append(event);
    assert.deepStrictEqual(await store.read(), events.map((event, i) => ({ seq: i + 1, event })));
    assert.deepEqual(store.health(), { state: 'ok', pendingEvents: 0, failedAttempts: 0 });
    assert.ok(logger.lines.includes('error: event store: write failed; buffering and retrying'), logger.lines.join('\n'));
    assert.ok(logger.lines.includes('info: event store: writes resumed'), logger.lines.join('\n'));
    await store.close();
  });

  it('refuses events beyond maxBufferedEvents with EVENT_STORE_BACKPRESSURE and keeps every one it accepted', async () => {
    const store = await open({ maxBufferedEvents: 50 });
    const events = createFillStream(60, 7);
    await postgres.server.stop();
    for (const event of events.slice(0, 50)) store.append(event);
    assert.throws(() => store.append(events[50]!), (error: unknown) =>
      error instanceof FortressError && error.code === 'EVENT_STORE_BACKPRESSURE' && /50 events are waiting/.test(error.message));
    await postgres.server.start();
    await store.flush();
    for (const event of events.slice(50)) store.append(event);
    assert.deepStrictEqual(await store.read(), events.map((event, i) => ({ seq: i + 1, event })));
    await store.close();
  });

  it('stays open when close cannot write within closeTimeoutMs, and closes once PostgreSQL is back', async () => {
    const store = await open({ closeTimeoutMs: 300 });
    const events = createFillStream(20, 9);
    await postgres.server.stop();
    for (const event of events.slice(0, 10)) store.append(event);
    await assert.rejects(store.close(), (error: unknown) => error instanceof FortressError && error.code === 'EVENT_STORE_UNAVAILABLE');
    for (const event of events.slice(10)) store.append(event); // still open
    await postgres.server.start();
    await store.close();
    const reopened = await PostgresEventStore.open(postgres.server.url, { schema: `outage_${schemas}` });
    assert.deepStrictEqual(await reopened.read(), events.map((event, i) => ({ seq: i + 1, event })));
    await reopened.close();
  });

  it('saves a snapshot at head queued during an outage once the events before it are in', async () => {
    const store = await open();
    const events = createFillStream(30, 13);
    await postgres.server.stop();
    for (const event of events.slice(0, 20)) store.append(event);
    const saved = store.saveSnapshotAtHead('portfolio', 1, { upTo: 20 });
    for (const event of events.slice(20)) store.append(event);
    await postgres.server.start();
    assert.equal(await saved, 20);
    assert.deepStrictEqual(await store.loadSnapshot('portfolio'), { name: 'portfolio', seq: 20, ts: 1, state: { upTo: 20 } });
    assert.equal(await store.lastSeq(), 30);
    await store.close();
  });
});
