import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { EMA } from './EMA.js';

/** StockCharts' "Moving Averages" worked example (cs-sma-ema): closes and the published 10-day EMA column. */
const CLOSES = [
  22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36, 24.05, 23.75,
  23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.1, 23.33, 22.68, 23.1, 22.4, 22.17,
];
const PUBLISHED_EMA10 = [
  22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.8, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.53, 23.47, 23.4, 23.39,
  23.26, 23.23, 23.08, 22.92,
];

/** Textbook, non-streaming: SMA seed, then ema = (price − ema) × 2/(n+1) + ema. */
function referenceEma(prices: readonly number[], period: number): number[] {
  const out: number[] = [];
  let ema = Number.NaN;
  prices.forEach((price, i) => {
    if (i === period - 1) ema = prices.slice(0, period).reduce((a, b) => a + b, 0) / period;
    else if (i >= period) ema = (price - ema) * (2 / (period + 1)) + ema;
    out.push(ema);
  });
  return out;
}

describe('EMA', () => {
  it("matches StockCharts' published 10-day EMA column to the cent", () => {
    const ema = new EMA(10, { precision: 2 });
    const values = CLOSES.map((close) => ema.update(close));
    values.slice(0, 9).forEach((value) => assert.ok(Number.isNaN(value)));
    values.slice(9).forEach((value, i) => assert.ok(Math.abs(value - PUBLISHED_EMA10[i]!) <= 0.005 + 1e-9, `day ${i + 10}: ${value}`));
  });

  it('agrees with a non-streaming reference on a 5,000-bar random walk', () => {
    const random = createRandom(99);
    let cents = 10_000;
    const prices = Array.from({ length: 5000 }, () => (cents = Math.max(1, cents + random.int(21) - 10)) / 100);
    const ema = new EMA(21, { precision: 2 });
    const reference = referenceEma(prices, 21);
    prices.forEach((price, i) => {
      const value = ema.update(price);
      if (i < 20) assert.ok(Number.isNaN(value));
      else assert.ok(Math.abs(value - reference[i]!) <= 1e-9 * reference[i]!, `bar ${i}`);
    });
  });

  it('is ready exactly after period prices and forgets them on reset', () => {
    const ema = new EMA(3, { precision: 0 });
    ema.update(1);
    ema.update(2);
    assert.equal(ema.isReady, false);
    assert.equal(ema.update(3), 2);
    assert.equal(ema.isReady, true);
    assert.equal(ema.update(4), 3);
    ema.reset();
    assert.equal(ema.isReady, false);
    assert.ok(Number.isNaN(ema.value));
  });
});
