import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../adapters/index.js';
import { runBacktest, syntheticSeries } from '../app/index.js';

/**
 * One full-pipeline run in its own process (so its peak memory is its own): 1,000,000 synthetic one-minute
 * bars already in memory → bus → strategy → decision → risk → execution → paper fills → portfolio → event log.
 * Prints one JSON line.
 */
const mode = process.argv[2] === 'sqlite' ? 'sqlite' : 'memory';
const bars = Number(process.argv[3] ?? 1_000_000);
const [fast, slow] = (process.argv[4] ?? '10,30').split(',').map(Number) as [number, number];
const { series, instrument } = syntheticSeries({
  exchange: 'SIM', currency: 'USD', lotSize: 1, bars, timeframe: '1m', seed: 7, startMs: Date.UTC(2024, 0, 1),
});
const path = join(tmpdir(), `fortress-bench-${process.pid}.sqlite`);
const store = mode === 'sqlite' ? SqliteEventStore.open(path) : undefined;
global.gc?.();
const started = performance.now();
const result = await runBacktest({
  series, instrument, strategy: 'sma-crossover', params: { fast, slow }, quantity: 10,
  startingCashMinor: 10_000_000, broker: { fillModel: 'next-open' }, seed: 7,
  ...(store !== undefined ? { store } : {}),
});
const elapsedMs = performance.now() - started;
const events = await result.store.lastSeq();
await result.store.close();
if (mode === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
process.stdout.write(
  `${JSON.stringify({ mode, bars, elapsedMs, barsPerSecond: bars / (elapsedMs / 1000), events, trades: result.statistics.trades, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
