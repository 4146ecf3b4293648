import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import type { Timeframe } from '../core/index.js';
import { VolumeTracker } from './VolumeTracker.js';

const feed = (tracker: VolumeTracker, volumes: readonly number[], timeframe: Timeframe = '1m') =>
  volumes.forEach((volume, i) => tracker.onBar({ instrumentId: 'X.SIM', timeframe, ts: i, open: 1, high: 1, low: 1, close: 1, volume }));

describe('VolumeTracker', () => {
  it('averages the last n bars for any n up to its capacity, like a plain recomputation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (volumes, lookback) => {
        const tracker = new VolumeTracker(30);
        feed(tracker, volumes);
        const tail = volumes.slice(-Math.min(lookback, 30));
        const expected = tail.reduce((a, b) => a + b, 0) / tail.length;
        assert.ok(Math.abs(tracker.averageVolume('X.SIM', '1m', lookback) - expected) <= 1e-9 * Math.max(1, expected));
      }),
    );
  });

  it('does not drift with fractional volumes over many laps', () => {
    const tracker = new VolumeTracker(7);
    const volumes = Array.from({ length: 100_003 }, (_, i) => (i % 13) * 0.1 + 0.01);
    feed(tracker, volumes);
    const exact = volumes.slice(-7).reduce((a, b) => a.plus(b), new Decimal(0)).div(7).toNumber();
    assert.ok(Math.abs(tracker.averageVolume('X.SIM', '1m', 7) - exact) < 1e-12);
  });

  it('is NaN before any bar, and falls back to another timeframe of the instrument', () => {
    const tracker = new VolumeTracker(5);
    assert.ok(Number.isNaN(tracker.averageVolume('X.SIM', '1m', 5)));
    feed(tracker, [10, 20], '5m');
    assert.equal(tracker.averageVolume('X.SIM', '1m', 5), 15);
  });

  it('keeps its history when a longer lookback is configured', () => {
    const tracker = new VolumeTracker(3);
    feed(tracker, [1, 2, 3, 4]);
    tracker.setCapacity(5);
    feed(tracker, [5, 6]);
    assert.equal(tracker.averageVolume('X.SIM', '1m', 5), (2 + 3 + 4 + 5 + 6) / 5);
  });
});
