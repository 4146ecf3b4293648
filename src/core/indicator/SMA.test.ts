import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { createRandom } from '../random.js';
import { FortressError } from '../errors.js';
import { CrossDetector } from './CrossDetector.js';
import { SMA } from './SMA.js';

const ExactDecimal = Decimal.clone({ precision: 80 });

/** StockCharts' "Moving Averages" worked example (cs-sma-ema): the first 10 closes; their mean, 22.22, seeds the EMA column. */
const STOCKCHARTS_CLOSES = [22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29];

describe('SMA', () => {
  it('is NaN and not ready until period prices have arrived', () => {
    const sma = new SMA(3, { precision: 2 });
    assert.ok(Number.isNaN(sma.update(1)));
    assert.ok(Number.isNaN(sma.update(2)));
    assert.equal(sma.isReady, false);
    assert.equal(sma.update(3), 2);
    assert.equal(sma.isReady, true);
    assert.equal(sma.update(7), 4);
  });

  it("matches StockCharts' published 10-day SMA of their worked example (22.22)", () => {
    const sma = new SMA(10, { precision: 2 });
    for (const close of STOCKCHARTS_CLOSES) sma.update(close);
    assert.equal(sma.value, 22.221);
    assert.equal(sma.value.toFixed(2), '22.22');
  });

  it('equals the exactly computed mean after every one of 100,000 random updates on a 0.01 grid', () => {
    const random = createRandom(20240611);
    const period = 37;
    const sma = new SMA(period);
    const window: number[] = [];
    let decimalSum = new ExactDecimal(0);
    let cents = 50_000;
    for (let i = 0; i < 100_000; i++) {
      cents = Math.max(1, cents + random.int(41) - 20);
      const price = cents / 100;
      const value = sma.update(price);
      window.push(price);
      decimalSum = decimalSum.plus(price.toFixed(2));
      if (window.length > period) decimalSum = decimalSum.minus(window.shift()!.toFixed(2));
      if (window.length < period) {
        assert.ok(Number.isNaN(value));
        continue;
      }
      // From scratch, by the same single exact division: integer grid units over period × 10^8.
      let units = 0;
      for (const p of window) units += Math.round(p * 1e8);
      assert.equal(value, units / (period * 1e8), `update ${i}`);
      // And against decimal.js's exact mean, rounded once to a double.
      assert.equal(value, decimalSum.div(period).toNumber(), `update ${i} (decimal.js)`);
    }
  });

  it('equals the correctly rounded true mean for any window of grid prices (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 60 }), (period, cents) => {
        const sma = new SMA(period, { precision: 2 });
        cents.forEach((c, i) => {
          const value = sma.update(c / 100);
          if (i + 1 < period) return;
          const window = cents.slice(i + 1 - period, i + 1);
          const exact = window.reduce((sum, x) => sum.plus(new ExactDecimal(x).div(100)), new ExactDecimal(0)).div(period);
          assert.equal(value, exact.toNumber());
        });
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('gives bit-identical values for windows with equal true means where naive float sums differ', () => {
    const prices = [0.1, 0.1, 0.1, 0.2, 0.05, 0.05];
    const naive = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // The naive float means of the last 3 and all 6 disagree although both true means are 0.1.
    assert.notEqual(naive(prices.slice(3)), naive(prices));
    const fast = new SMA(3, { precision: 2 });
    const slow = new SMA(6, { precision: 2 });
    const cross = new CrossDetector();
    for (const price of prices) cross.update(fast.update(price) - slow.update(price));
    assert.equal(fast.value, slow.value);
    assert.equal(fast.value, 0.1);
    assert.equal(cross.isReady, false, 'an exact tie establishes no side');
  });

  it('keeps a constant price exactly equal across different periods (no spurious crossover)', () => {
    const fast = new SMA(3);
    const slow = new SMA(6);
    for (let i = 0; i < 6; i++) {
      fast.update(0.1);
      slow.update(0.1);
    }
    assert.equal(fast.value, 0.1);
    assert.equal(slow.value, 0.1);
  });

  it('does not drift over 1,000,000 updates', () => {
    const sma = new SMA(20, { precision: 2 });
    const random = createRandom(7);
    for (let i = 0; i < 1_000_000; i++) sma.update((10_000 + random.int(1000)) / 100);
    for (let i = 0; i < 20; i++) sma.update(123.45);
    assert.equal(sma.value, 123.45);
  });

  it('stays correct beyond the exactness bound and returns to exact arithmetic once the huge value leaves', () => {
    const sma = new SMA(3, { precision: 8 });
    sma.update(1);
    sma.update(2);
    const huge = 1e12; // 10^20 grid units, far beyond (2^53 − 1) / 3
    assert.ok(Math.abs(sma.update(huge) - (huge + 3) / 3) <= 1e-3);
    sma.update(4);
    sma.update(5);
    assert.equal(sma.update(6), 5);
    assert.equal(sma.update(0.07), 3.69, 'the correctly rounded mean of 5, 6 and 0.07');
  });

  it('forgets everything on reset', () => {
    const sma = new SMA(2, { precision: 2 });
    sma.update(1);
    sma.update(3);
    sma.reset();
    assert.ok(Number.isNaN(sma.value));
    assert.equal(sma.isReady, false);
    sma.update(5);
    assert.equal(sma.update(7), 6);
  });

  it('refuses a NaN price (broken invariant) and an invalid period or precision', () => {
    const sma = new SMA(2);
    assert.throws(() => sma.update(Number.NaN), (e: unknown) => e instanceof FortressError && e.code === 'INVARIANT_BROKEN');
    assert.throws(() => new SMA(0), (e: unknown) => e instanceof FortressError && e.code === 'VALIDATION_FAILED' && /period/.test(e.message));
    assert.throws(() => new SMA(2.5), /period must be an integer/);
    assert.throws(() => new SMA(5, { precision: 16 }), /precision/);
  });
});
