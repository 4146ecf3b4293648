import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PostgresEventStore } from '../adapters/stores/index.js';
import type { AnyEvent } from '../core/index.js';
import { findPostgresBinDir, startPostgresServer } from '../testing/index.js';
import { createTradeEvents } from './store.js';
import type { BenchResult } from './types.js';

const APPEND_COUNT = 200_000;
const READ_COUNT = 100_000;
const CHUNK = 1_000;

/**
 * The PostgreSQL event store on a throwaway server of its own (initdb into a temp dir, fsync on, as in
 * production): appends written in batches by the store's writer, then a read of 100k events (parse + validate).
 */
export async function runPostgresStoreBenchmark(): Promise<BenchResult[]> {
  if (findPostgresBinDir() === undefined) {
    return [{ name: 'store: PostgreSQL', value: 0, unit: 'not run', note: 'PostgreSQL server binaries not found: install postgresql' }];
  }
  const server = await startPostgresServer({ fsync: true });
  try {
    const events = createTradeEvents(APPEND_COUNT, 7);
    await measureAppend(server.url, 'warmup', events.slice(0, 20_000));
    const append = await measureAppend(server.url, 'bench', events);
    const readPerS = await measureRead(server.url, 'bench');
    return [
      {
        name: `store: PostgreSQL append + flush, ${APPEND_COUNT / 1000}k fill/position events`,
        value: Math.round(append.eventsPerS),
        unit: 'events/s',
        note: `appended ${CHUNK} per event-loop turn; the writer inserts what accumulated (≤ 2,000 per transaction), fsync on; ${(1e9 / append.eventsPerS).toFixed(0)} ns/event wall until committed`,
      },
      {
        name: 'store: PostgreSQL append, caller CPU per event (checks + JSON.stringify)',
        value: Math.round(append.appendNsPerEvent),
        unit: 'ns/event',
      },
      { name: `store: PostgreSQL read of ${READ_COUNT / 1000}k events (parse + validate)`, value: Math.round(readPerS), unit: 'events/s' },
    ];
  } finally {
    await server.stop();
  }
}

/** Appends in turns of CHUNK events, yielding between them as a live node's event loop does, so the writer works alongside. */
async function measureAppend(url: string, schema: string, events: readonly AnyEvent[]): Promise<{ eventsPerS: number; appendNsPerEvent: number }> {
  const store = await PostgresEventStore.open(url, { schema });
  collectGarbage();
  let appendMs = 0;
  const startMs = performance.now();
  for (let from = 0; from < events.length; from += CHUNK) {
    const turnMs = performance.now();
    const to = Math.min(events.length, from + CHUNK);
    for (let i = from; i < to; i++) store.append(events[i]!);
    appendMs += performance.now() - turnMs;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await store.flush();
  const seconds = (performance.now() - startMs) / 1000;
  await store.close();
  return { eventsPerS: events.length / seconds, appendNsPerEvent: (appendMs * 1e6) / events.length };
}

async function measureRead(url: string, schema: string): Promise<number> {
  const store = await PostgresEventStore.open(url, { schema });
  await store.read({ limit: 1_000 }); // warm the connection and the plan
  collectGarbage();
  const startMs = performance.now();
  const read = await store.read({ limit: READ_COUNT });
  const seconds = (performance.now() - startMs) / 1000;
  await store.close();
  if (read.length !== READ_COUNT) throw new Error(`read back ${read.length} events, expected ${READ_COUNT}`);
  return read.length / seconds;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await runPostgresStoreBenchmark()) console.log(JSON.stringify(result));
}
