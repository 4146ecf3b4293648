import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { RSI } from './RSI.js';

/**
 * StockCharts' RSI worked example (cs-rsi.xls). The table prints closes rounded to cents, but the spreadsheet
 * computes from these four-decimal closes; its RSI(14) column is PUBLISHED_RSI14.
 */
const CLOSES_4DP = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614,
  46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548,
  44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
const PUBLISHED_RSI14 = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3,
  33.08, 37.77,
];
/** The same closes as the table prints them (cents). */
const CLOSES_2DP = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28];

/** Textbook, non-streaming Wilder RSI. */
function referenceRsi(closes: readonly number[], period: number): number[] {
  const out: number[] = closes.map(() => Number.NaN);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < closes.length; i++) {
    const change = closes[i]! - closes[i - 1]!;
    const g = Math.max(change, 0);
    const l = Math.max(-change, 0);
    if (i <= period) {
      gain += g / period;
      loss += l / period;
      if (i < period) continue;
    } else {
      gain = (gain * (period - 1) + g) / period;
      loss = (loss * (period - 1) + l) / period;
    }
    out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

describe('RSI', () => {
  it("matches StockCharts' published RSI(14) column (first value 70.53) within 0.01", () => {
    const rsi = new RSI(14, { precision: 4 });
    const values = CLOSES_4DP.map((close) => rsi.update(close));
    values.slice(0, 14).forEach((value) => assert.ok(Number.isNaN(value)));
    values.slice(14).forEach((value, i) => assert.ok(Math.abs(value - PUBLISHED_RSI14[i]!) <= 0.01, `row ${i + 15}: ${value}`));
  });

  it('gives the exact hand calculation 70.46 on the cent-rounded closes (gains 3.34, losses 1.40)', () => {
    const rsi = new RSI(14, { precision: 2 });
    for (const close of CLOSES_2DP) rsi.update(close);
    assert.equal(rsi.value, 100 - 100 / (1 + 334 / 140));
    assert.equal(rsi.value.toFixed(2), '70.46');
  });

  it('agrees with a non-streaming reference on a 5,000-bar random walk', () => {
    const random = createRandom(5);
    let cents = 5_000;
    const prices = Array.from({ length: 5000 }, () => (cents = Math.max(1, cents + random.int(31) - 15)) / 100);
    const rsi = new RSI(14, { precision: 2 });
    const reference = referenceRsi(prices, 14);
    prices.forEach((price, i) => {
      const value = rsi.update(price);
      if (i < 14) assert.ok(Number.isNaN(value));
      else assert.ok(Math.abs(value - reference[i]!) <= 1e-9, `bar ${i}: ${value} vs ${reference[i]}`);
    });
  });

  it('is 100 with only gains and 50 with no movement', () => {
    const rising = new RSI(3, { precision: 0 });
    [1, 2, 3, 4, 5].forEach((p) => rising.update(p));
    assert.equal(rising.value, 100);
    const flat = new RSI(3, { precision: 0 });
    [7, 7, 7, 7].forEach((p) => flat.update(p));
    assert.equal(flat.value, 50);
  });
});
