import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AmiBrokerDirectoryWatcher } from '../adapters/signals/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import { SimulatedClock, createIdSource, createInstrument, createInstrumentProvider, silentLogger } from '../core/index.js';
import { AmiBrokerSignalParser, SignalIntake, type AmiBrokerParseResult } from '../signals/index.js';
import type { BenchResult } from './types.js';

const FILE_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const HEADER = 'symbol,signal_type,quantity,price,timeframe,strategy_name';
const instruments = createInstrumentProvider([
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25 }),
  createInstrument({ symbol: 'BANKNIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 15 }),
]);

/** External signals: parsing a 50 MB AmiBroker file, the intake's rate, and the watcher from drop to processed/. */
export async function runSignalBenchmarks(): Promise<BenchResult[]> {
  const text = signalFile();
  let started = performance.now();
  const parsed = parseInPieces(text);
  const parseMs = performance.now() - started;
  const signals = parsed.reduce((n, r) => n + r.signals.length, 0);

  const intake = countingIntake();
  started = performance.now();
  for (const piece of parsed) intake.intake.accept(piece, 'amibroker', 'bench0');
  const intakeMs = performance.now() - started;

  const dir = mkdtempSync(join(tmpdir(), 'fortress-bench-signals-'));
  try {
    const endToEndMs = await dropAndWait(dir, text);
    return [
      { name: 'signals: parse a 50 MB AmiBroker file', value: Math.round(signals / (parseMs / 1000)), unit: 'rows/s', note: `${(FILE_BYTES / 2 ** 20 / (parseMs / 1000)).toFixed(0)} MB/s, ${signals.toLocaleString('en-US')} rows in 1 MiB pieces` },
      { name: 'signals: intake (resolve, key, emit SignalReceived)', value: Math.round(intake.count() / (intakeMs / 1000)), unit: 'signals/s' },
      { name: 'signals: 50 MB file from drop to processed/ (settle 50 ms, hash, parse, deliver)', value: Math.round(endToEndMs), unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function signalFile(): string {
  const block = Array.from({ length: 10_000 }, (_, i) =>
    `${i % 2 === 0 ? 'NIFTY24NOVFUT' : 'BANKNIFTY24NOVFUT'},${i % 3 === 0 ? 'SELL' : 'BUY'},${25 + (i % 7)},${25000 + (i % 100) / 20},15min,MA_Crossover\n`).join('');
  return `${HEADER}\n${block.repeat(Math.ceil(FILE_BYTES / block.length))}`;
}

function parseInPieces(text: string): AmiBrokerParseResult[] {
  const parser = new AmiBrokerSignalParser('bench.csv');
  const results: AmiBrokerParseResult[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + CHUNK_BYTES);
    if (end < text.length) end = text.lastIndexOf('\n', end - 1) + 1;
    results.push(parser.parse(text.slice(start, end)));
    start = end;
  }
  return results;
}

function countingIntake() {
  const clock = new SimulatedClock(0);
  const bus = new InProcessMessageBus();
  let events = 0;
  bus.setJournal(() => events++);
  const intake = new SignalIntake({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, instruments, isStrategyActive: () => true });
  return { intake, count: () => events };
}

async function dropAndWait(dir: string, text: string): Promise<number> {
  const { intake } = countingIntake();
  const watcher = new AmiBrokerDirectoryWatcher({
    dir, logger: silentLogger, settleMs: 50, createParser: (name) => new AmiBrokerSignalParser(name),
    deliver: async (rows, sourceRef) => void intake.accept(rows, 'amibroker', sourceRef),
  });
  await watcher.start();
  writeFileSync(join(dir, 'big.csv'), text);
  const started = performance.now();
  while (!existsSync(join(dir, 'processed', 'big.csv'))) await sleep(5);
  const elapsedMs = performance.now() - started;
  await watcher.stop();
  return elapsedMs;
}
