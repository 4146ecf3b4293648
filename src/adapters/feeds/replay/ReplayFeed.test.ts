import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock, type Bar } from '../../../core/index.js';
import { generateBars } from '../synthetic/generateBars.js';
import { ReplayFeed } from './ReplayFeed.js';

const series = generateBars({ instrumentId: 'X.SIM', timeframe: '1m', count: 2500, startMs: Date.UTC(2024, 0, 2), startPrice: 10, volatility: 0.001, tickSize: 0.01, seed: 1, baseVolume: 100 });

describe('replay feed', () => {
  it('delivers every bar in order and moves a simulated clock to each bar’s last millisecond', async () => {
    const clock = new SimulatedClock(0);
    const seen: Bar[] = [];
    const clocks: number[] = [];
    const feed = new ReplayFeed({ series, speed: Number.POSITIVE_INFINITY, clock });
    await feed.start({ onBar: (bar) => (seen.push(bar), clocks.push(clock.nowMs())), onTick: () => undefined });
    await feed.finished();
    assert.equal(seen.length, 2500);
    assert.deepEqual(seen.map((b) => b.ts), Array.from(series.ts));
    assert.deepEqual(clocks, Array.from(series.ts, (ts) => ts + 59_999));
  });

  it('paces bars by speed and resumes from an index after a stop', async () => {
    const seen: number[] = [];
    const feed = new ReplayFeed({ series, speed: 60_000 }); // a one-minute bar per millisecond
    const started = performance.now();
    await feed.start({ onBar: (bar) => void seen.push(bar.ts), onTick: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await feed.stop();
    const elapsed = performance.now() - started;
    assert.ok(seen.length > 5 && seen.length < 2500, `paced, got ${seen.length} bars in ${elapsed.toFixed(0)} ms`);
    const rest: number[] = [];
    const resumed = new ReplayFeed({ series, speed: Number.POSITIVE_INFINITY, fromIndex: feed.nextIndex });
    await resumed.start({ onBar: (bar) => void rest.push(bar.ts), onTick: () => undefined });
    await resumed.finished();
    assert.deepEqual([...seen, ...rest], Array.from(series.ts));
  });

  it('replays several instruments merged by time, bars of one time in the order of their tapes', async () => {
    const other = generateBars({ instrumentId: 'Y.SIM', timeframe: '1m', count: 3, startMs: Date.UTC(2024, 0, 2) + 60_000, startPrice: 10, volatility: 0.001, tickSize: 0.01, seed: 2, baseVolume: 100 });
    const first = generateBars({ instrumentId: 'X.SIM', timeframe: '1m', count: 3, startMs: Date.UTC(2024, 0, 2), startPrice: 10, volatility: 0.001, tickSize: 0.01, seed: 1, baseVolume: 100 });
    const seen: string[] = [];
    const feed = new ReplayFeed({ series: [first, other], speed: Number.POSITIVE_INFINITY });
    await feed.start({ onBar: (bar) => void seen.push(`${bar.instrumentId}@${(bar.ts - first.ts[0]!) / 60_000}`), onTick: () => undefined });
    await feed.finished();
    assert.deepEqual(seen, ['X.SIM@0', 'X.SIM@1', 'Y.SIM@1', 'X.SIM@2', 'Y.SIM@2', 'Y.SIM@3']);
  });

  it('refuses a speed that is not positive', () => {
    assert.throws(() => new ReplayFeed({ series, speed: 0 }), /speed must be > 0/);
  });
});
