import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, toUnits } from '../../../core/index.js';
import type { Bar, MarketDataSink, Tick } from '../../../core/index.js';
import { SyntheticFeed } from './SyntheticFeed.js';
import type { SyntheticFeedOptions } from './SyntheticFeed.js';

const INSTRUMENTS = [
  { instrumentId: 'AAA.SIM', startPrice: 100, tickSize: 0.01 },
  { instrumentId: 'BBB.SIM', startPrice: 2500, tickSize: 0.05 },
] as const;

/** Collects ticks until `count` have arrived. */
class CollectingSink implements MarketDataSink {
  readonly ticks: Tick[] = [];
  readonly bars: Bar[] = [];
  private resolve: (() => void) | undefined;

  constructor(private readonly count: number) {}

  get done(): Promise<void> {
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  onBar(bar: Bar): void {
    this.bars.push(bar);
  }

  onTick(tick: Tick): void {
    this.ticks.push(tick);
    if (this.ticks.length >= this.count) this.resolve?.();
  }
}

async function collect(options: SyntheticFeedOptions, count: number): Promise<Tick[]> {
  const feed = new SyntheticFeed(options);
  const sink = new CollectingSink(count);
  const done = sink.done;
  await feed.start(sink);
  await done;
  await feed.stop();
  return sink.ticks.slice(0, count);
}

describe('SyntheticFeed', () => {
  it('emits a tick per instrument each interval, stamped by the injected clock, on each tick grid', async () => {
    const clock = new SimulatedClock(Date.UTC(2024, 0, 2, 9, 15));
    const ticks = await collect({ clock, instruments: INSTRUMENTS, intervalMs: 2, seed: 5 }, 10);
    assert.deepEqual(ticks.map((t) => t.instrumentId).slice(0, 4), ['AAA.SIM', 'BBB.SIM', 'AAA.SIM', 'BBB.SIM']);
    for (const tick of ticks) {
      assert.equal(tick.ts, clock.nowMs());
      const step = tick.instrumentId === 'AAA.SIM' ? 1 : 5;
      assert.equal(toUnits(tick.price, 2) % step, 0);
      assert.ok(tick.bid! < tick.price && tick.ask! > tick.price && tick.size >= 1);
    }
  });

  it('produces the same prices for the same seed', async () => {
    const clock = new SimulatedClock(0);
    const first = await collect({ clock, instruments: INSTRUMENTS, intervalMs: 1, seed: 9 }, 8);
    const second = await collect({ clock, instruments: INSTRUMENTS, intervalMs: 1, seed: 9 }, 8);
    assert.deepEqual(first.map((t) => t.price), second.map((t) => t.price));
  });

  it('stops emitting after stop() and refuses a second start while running', async () => {
    const feed = new SyntheticFeed({ clock: new SimulatedClock(0), instruments: INSTRUMENTS, intervalMs: 1, seed: 1 });
    const sink = new CollectingSink(2);
    const done = sink.done;
    await feed.start(sink);
    await assert.rejects(feed.start(sink), /already running/);
    await done;
    await feed.stop();
    const seen = sink.ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(sink.ticks.length, seen);
  });
});
