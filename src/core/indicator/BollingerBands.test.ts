import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { BollingerBands } from './BollingerBands.js';

/** StockCharts' Bollinger Bands worked example (cs-bollinger): 42 closes. */
const CLOSES = [
  86.16, 89.09, 88.78, 90.32, 89.07, 91.15, 89.44, 89.17, 86.93, 87.68, 86.96, 89.43, 89.32, 88.72, 87.45, 87.26, 89.5,
  87.9, 89.13, 90.7, 92.9, 92.98, 91.8, 92.66, 92.68, 92.3, 92.77, 92.54, 92.95, 93.2, 91.07, 89.83, 89.74, 90.4, 90.74,
  88.02, 88.09, 88.84, 90.78, 90.54, 91.39, 90.65,
];

/** Textbook two-pass population statistics of the last `period` values. */
function reference(window: readonly number[], stdDevs: number): { middle: number; upper: number; lower: number; z: number } {
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const sd = Math.sqrt(window.reduce((acc, x) => acc + (x - mean) ** 2, 0) / window.length);
  const last = window[window.length - 1]!;
  return { middle: mean, upper: mean + stdDevs * sd, lower: mean - stdDevs * sd, z: sd === 0 ? 0 : (last - mean) / sd };
}

const near = (actual: number, expected: number, tolerance: number, label: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected}`);

describe('BollingerBands', () => {
  it("matches StockCharts' published first row (88.71, 91.29, 86.12) and last row (91.05, 94.15, 87.95)", () => {
    const bands = new BollingerBands(20, { precision: 2 });
    CLOSES.slice(0, 20).forEach((close) => bands.update(close));
    near(bands.middle, 88.71, 0.005, 'first middle');
    near(bands.stdDev, 1.29, 0.005, 'first σ');
    near(bands.upper, 91.29, 0.005, 'first upper');
    near(bands.lower, 86.12, 0.005, 'first lower');
    CLOSES.slice(20).forEach((close) => bands.update(close));
    near(bands.middle, 91.05, 0.005, 'last middle');
    near(bands.upper, 94.15, 0.005, 'last upper');
    near(bands.lower, 87.95, 0.005, 'last lower');
  });

  it('agrees with a two-pass reference after every update of a 20,000-bar random walk', () => {
    const random = createRandom(11);
    const bands = new BollingerBands(20, { precision: 2, stdDevs: 2.5 });
    const window: number[] = [];
    let cents = 20_000;
    for (let i = 0; i < 20_000; i++) {
      cents = Math.max(1, cents + random.int(61) - 30);
      const price = cents / 100;
      bands.update(price);
      window.push(price);
      if (window.length > 20) window.shift();
      if (window.length < 20) {
        assert.equal(bands.isReady, false);
        continue;
      }
      const r = reference(window, 2.5);
      near(bands.middle, r.middle, 1e-9, `middle ${i}`);
      near(bands.upper, r.upper, 1e-9, `upper ${i}`);
      near(bands.lower, r.lower, 1e-9, `lower ${i}`);
      near(bands.zScore, r.z, 1e-9, `z ${i}`);
    }
  });

  it('has σ exactly 0 and z-score 0 on a flat window, even after volatile prices at precision 8', () => {
    const bands = new BollingerBands(5);
    [100, 250.5, 3.25, 99.99, 1000].forEach((p) => bands.update(p));
    for (let i = 0; i < 5; i++) bands.update(42.42);
    assert.equal(bands.stdDev, 0);
    assert.equal(bands.zScore, 0);
    assert.equal(bands.upper, 42.42);
    assert.equal(bands.lower, 42.42);
  });

  it('gives the z-score of the last price: 2 above the mean for a window 0,0,0,0 then 4 (σ = 1.6)', () => {
    const bands = new BollingerBands(5, { precision: 0 });
    [0, 0, 0, 0, 4].forEach((p) => bands.update(p));
    assert.equal(bands.middle, 0.8);
    near(bands.stdDev, 1.6, 1e-12, 'σ');
    near(bands.zScore, 2, 1e-12, 'z');
  });

  it('refuses non-positive stdDevs', () => {
    assert.throws(() => new BollingerBands(20, { stdDevs: 0 }), /stdDevs/);
  });
});
