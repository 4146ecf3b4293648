import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EquityCurve } from './EquityCurve.js';

describe('equity curve', () => {
  it('samples at most once per interval', () => {
    const curve = new EquityCurve(100, 1000);
    for (let ms = 0; ms < 10_000; ms += 100) curve.sample(ms, ms);
    assert.equal(curve.length, 10);
    assert.deepEqual(curve.series(9_000, 9_000).map((p) => p[0]), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  });

  it('never holds more than its maximum: when full it drops every second sample and doubles the interval, keeping the span', () => {
    const curve = new EquityCurve(10, 1000);
    for (let ms = 0; ms <= 100_000; ms += 1000) {
      if (curve.due(ms)) curve.sample(ms, ms / 10);
      assert.ok(curve.length < 10);
    }
    const series = curve.series(100_000, 10_000);
    assert.equal(series[0]![0], 0, 'the start of the run is kept');
    assert.deepEqual(series.at(-1), [100_000, 10_000]);
    const gaps = series.slice(1).map((p, i) => p[0] - series[i]![0]);
    assert.ok(gaps.every((gap) => gap >= 1000 && gap <= 16_000), `even spacing: ${gaps.join(', ')}`);
  });

  it('the day starts from the last sample of the day before', () => {
    const curve = new EquityCurve();
    const day = 86_400_000;
    curve.sample(day - 5000, 100);
    curve.sample(day - 1000, 120);
    assert.equal(curve.dayStartEquityMinor(day - 500), undefined, 'a curve that began today cannot know where the day started');
    assert.equal(curve.dayStartEquityMinor(day + 10), 120, 'before the first sample of the new day');
    curve.sample(day + 1000, 130);
    curve.sample(day + 3000, 90);
    assert.equal(curve.dayStartEquityMinor(day + 4000), 120);
  });
});
