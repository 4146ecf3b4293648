import { ENDPOINTS, InProcessMessageBus, TOPICS } from '../bus/index.js';
import { EMA, SMA, SimulatedClock, createIdSource, createRandom, silentLogger, type Bar } from '../core/index.js';
import { StrategyRunner, createDefaultStrategyRegistry } from '../strategy/index.js';
import { percentile, type BenchResult } from './types.js';

const INDICATOR_UPDATES = 10_000_000;
const INDICATOR_CHUNKS = 10;
const BAR_COUNT = 200_000;
const BAR_PASSES = 10;

/** Streaming indicators and the bar → strategy decision path (runner + sma-crossover, signals flowing). */
export async function runStrategyBenchmarks(): Promise<BenchResult[]> {
  const prices = randomWalkPrices(1 << 16, 1);
  const updatesNote = `median of ${INDICATOR_CHUNKS} chunks, ${INDICATOR_UPDATES.toLocaleString('en-US')} updates in all`;
  // The decision path first, while the indicators' call sites are still monomorphic as in a real node.
  const decision = measureBarToDecision();
  const sma = measureIndicator(() => new SMA(30, { precision: 2 }), prices);
  const ema = measureIndicator(() => new EMA(30, { precision: 2 }), prices);
  return [
    { name: 'SMA(30) update', value: sma.nsPerUpdate, unit: 'ns/update', floor: 100, better: 'lower', note: updatesNote },
    { name: 'EMA(30) update', value: ema.nsPerUpdate, unit: 'ns/update', floor: 100, better: 'lower', note: updatesNote },
    {
      name: 'bar → sma-crossover decision',
      value: decision.nsPerBar,
      unit: 'ns/bar',
      floor: 2000,
      better: 'lower',
      note: `median of ${BAR_PASSES} passes of ${BAR_COUNT.toLocaleString('en-US')} bars (bus.publish → StrategyRunner → strategy), ${decision.signals} SignalGenerated emitted`,
    },
  ];
}

interface Updatable {
  update(price: number): number;
}

function measureIndicator(create: () => Updatable, prices: Float64Array): { nsPerUpdate: number } {
  const mask = prices.length - 1;
  const warm = create();
  let checksum = 0;
  for (let i = 0; i < 1_000_000; i++) checksum += warm.update(prices[i & mask]!) || 0;
  collectGarbage();
  const indicator = create();
  const perChunk = INDICATOR_UPDATES / INDICATOR_CHUNKS;
  const samples = new Float64Array(INDICATOR_CHUNKS);
  let i = 0;
  for (let chunk = 0; chunk < INDICATOR_CHUNKS; chunk++) {
    const start = process.hrtime.bigint();
    for (const end = i + perChunk; i < end; i++) checksum += indicator.update(prices[i & mask]!) || 0;
    samples[chunk] = Number(process.hrtime.bigint() - start) / perChunk;
  }
  if (checksum === 42) console.log(''); // keeps the loop observable
  return { nsPerUpdate: percentile(samples, 50) };
}

function measureBarToDecision(): { nsPerBar: number; signals: number } {
  const clock = new SimulatedClock(Date.UTC(2024, 0, 2));
  const bus = new InProcessMessageBus();
  bus.register(ENDPOINTS.dataSubscribeBars, () => undefined);
  let signals = 0;
  bus.subscribe('SignalGenerated', () => {
    signals++;
  });
  const runner = new StrategyRunner({ bus, clock, ids: createIdSource(clock, 7), logger: silentLogger, accountId: 'bench' });
  const strategy = createDefaultStrategyRegistry().create('sma-crossover', { fast: 10, slow: 30 }, {
    instrumentIds: ['BENCH.X'],
    timeframe: '1m',
    pricePrecision: 2,
  });
  runner.add('bench', strategy);
  runner.start();
  const bars = cyclingBars(BAR_COUNT);
  for (let i = 0; i < BAR_COUNT; i++) bus.publish(TOPICS.bar, bars[i]!); // warm-up
  signals = 0;
  collectGarbage();
  const samples = new Float64Array(BAR_PASSES);
  for (let pass = 0; pass < BAR_PASSES; pass++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BAR_COUNT; i++) bus.publish(TOPICS.bar, bars[i]!);
    samples[pass] = Number(process.hrtime.bigint() - start) / BAR_COUNT;
  }
  return { nsPerBar: percentile(samples, 50), signals };
}

/** A random walk on a 0.01 grid. */
function randomWalkPrices(count: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const out = new Float64Array(count);
  let cents = 10_000;
  for (let i = 0; i < count; i++) {
    cents = Math.max(100, cents + random.int(21) - 10);
    out[i] = cents / 100;
  }
  return out;
}

/** One-minute bars whose closes swing (a slow wave plus noise), so the crossover keeps trading. */
function cyclingBars(count: number): Bar[] {
  const random = createRandom(3);
  const startMs = Date.UTC(2024, 0, 2);
  const bars: Bar[] = [];
  for (let i = 0; i < count; i++) {
    const cents = Math.round(10_000 + 500 * Math.sin(i / 40) + random.int(41) - 20);
    const close = cents / 100;
    bars.push({ instrumentId: 'BENCH.X', timeframe: '1m', ts: startMs + i * 60_000, open: close, high: close, low: close, close, volume: 100 });
  }
  return bars;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
