import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Bar, Timeframe } from '../core/index.js';
import { BarAggregator } from './BarAggregator.js';
import type { SessionOffset } from './BarAggregator.js';

const T0 = Date.UTC(2024, 0, 2, 9, 0);
const MIN = 60_000;

function minuteBar(minute: number, open: number, high: number, low: number, close: number, volume: number): Bar {
  return { instrumentId: 'X.SIM', timeframe: '1m', ts: T0 + minute * MIN, open, high, low, close, volume };
}

function aggregator(timeframe: Timeframe, sessionOffsetMs?: SessionOffset): { agg: BarAggregator; out: Bar[] } {
  const out: Bar[] = [];
  const agg = new BarAggregator({ instrumentId: 'X.SIM', timeframe, onBar: (bar) => out.push(bar), ...(sessionOffsetMs ? { sessionOffsetMs } : {}) });
  return { agg, out };
}

describe('BarAggregator', () => {
  it('builds 5-minute bars from 1-minute bars: first open, max high, min low, last close, summed volume', () => {
    const { agg, out } = aggregator('5m');
    const minutes = [
      minuteBar(0, 10.0, 10.4, 9.9, 10.2, 100),
      minuteBar(1, 10.2, 10.6, 10.1, 10.5, 150),
      minuteBar(2, 10.5, 10.5, 9.8, 9.9, 200),
      minuteBar(3, 9.9, 10.1, 9.85, 10.05, 50),
      minuteBar(4, 10.05, 10.3, 10.0, 10.25, 75),
      minuteBar(5, 10.25, 10.35, 10.2, 10.3, 10),
      minuteBar(6, 10.3, 10.7, 10.3, 10.65, 20),
    ];
    for (const bar of minutes) agg.addBar(bar);
    assert.deepEqual(out, [{ instrumentId: 'X.SIM', timeframe: '5m', ts: T0, open: 10.0, high: 10.6, low: 9.8, close: 10.25, volume: 575 }]);
    agg.flush();
    assert.deepEqual(out[1], { instrumentId: 'X.SIM', timeframe: '5m', ts: T0 + 5 * MIN, open: 10.25, high: 10.7, low: 10.2, close: 10.65, volume: 30 });
    agg.flush();
    assert.equal(out.length, 2);
  });

  it('emits a bar as soon as its last minute arrives, and otherwise when a later bucket starts', () => {
    const { agg, out } = aggregator('5m');
    agg.addBar(minuteBar(3, 1, 2, 1, 2, 1));
    assert.equal(out.length, 0);
    agg.addBar(minuteBar(4, 2, 3, 2, 3, 1));
    assert.equal(out.length, 1);
    agg.addBar(minuteBar(6, 3, 3, 3, 3, 1));
    agg.addBar(minuteBar(12, 4, 4, 4, 4, 1));
    assert.deepEqual(out.map((b) => [(b.ts - T0) / MIN, b.open, b.close]), [[0, 1, 3], [5, 3, 3]]);
  });

  it('aligns buckets to the timeframe in UTC, not to the first input', () => {
    const { agg, out } = aggregator('1h');
    agg.addBar(minuteBar(37, 5, 5, 5, 5, 1));
    agg.addBar(minuteBar(61, 6, 6, 6, 6, 1));
    agg.flush();
    assert.deepEqual(out.map((b) => b.ts), [T0, T0 + 60 * MIN]);
  });

  it('builds bars from ticks and sums fractional sizes exactly', () => {
    const { agg, out } = aggregator('1m');
    const ticks = [[0, 100.1, 0.1], [10_000, 100.3, 0.2], [20_000, 99.9, 0.7], [59_999, 100.0, 0.3], [60_000, 101, 1]] as const;
    for (const [offsetMs, price, size] of ticks) agg.addTick({ instrumentId: 'X.SIM', ts: T0 + offsetMs, price, size });
    assert.deepEqual(out, [{ instrumentId: 'X.SIM', timeframe: '1m', ts: T0, open: 100.1, high: 100.3, low: 99.9, close: 100.0, volume: 1.3 }]);
  });

  it('ignores and counts an input for a bucket already emitted', () => {
    const { agg, out } = aggregator('5m');
    agg.addBar(minuteBar(5, 1, 1, 1, 1, 1));
    agg.addBar(minuteBar(2, 9, 9, 9, 9, 9));
    assert.equal(agg.lateCount, 1);
    agg.addBar(minuteBar(9, 2, 2, 2, 2, 1));
    agg.addBar(minuteBar(8, 9, 9, 9, 9, 9));
    assert.equal(agg.lateCount, 2);
    assert.deepEqual(out.map((b) => [b.open, b.high, b.volume]), [[1, 2, 2]]);
  });

  it('starts daily bars at the session zone midnight when given its offset', () => {
    const ist: SessionOffset = () => 19_800_000;
    const { agg, out } = aggregator('1d', ist);
    // 2024-01-02 09:15 IST and 15:29 IST, then 2024-01-03 09:15 IST (03:45 UTC).
    for (const [ts, price] of [[Date.UTC(2024, 0, 2, 3, 45), 10], [Date.UTC(2024, 0, 2, 9, 59), 11], [Date.UTC(2024, 0, 3, 3, 45), 12]] as const) {
      agg.addBar({ instrumentId: 'X.SIM', timeframe: '1m', ts, open: price, high: price, low: price, close: price, volume: 1 });
    }
    agg.flush();
    assert.deepEqual(out.map((b) => [b.ts, b.open, b.close]), [[Date.UTC(2024, 0, 1, 18, 30), 10, 11], [Date.UTC(2024, 0, 2, 18, 30), 12, 12]]);
  });

  it('keeps a daylight-saving day in one daily bar', () => {
    // America/New_York: UTC-5 until 2024-03-10 07:00 UTC, UTC-4 after; 27 h UTC is 23:00 local on the 10th.
    const newYork: SessionOffset = (ts) => (ts < Date.UTC(2024, 2, 10, 7) ? -5 : -4) * 3_600_000;
    const { agg, out } = aggregator('1d', newYork);
    for (const hourUtc of [5.5, 6.5, 8, 27, 29]) {
      agg.update(Date.UTC(2024, 2, 10) + hourUtc * 3_600_000, hourUtc, hourUtc, hourUtc, hourUtc, 1, 0);
    }
    agg.flush();
    assert.deepEqual(out.map((b) => [b.ts, b.open, b.close, b.volume]), [[Date.UTC(2024, 2, 10, 5), 5.5, 27, 4], [Date.UTC(2024, 2, 11, 4), 29, 29, 1]]);
  });
});
