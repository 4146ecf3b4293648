import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { MACD } from './MACD.js';

/** investexcel.net "How to calculate MACD in Excel" worked example (AAPL closes). */
const CLOSES = [
  459.99, 448.85, 446.06, 450.81, 442.8, 448.97, 444.57, 441.4, 430.47, 420.05, 431.14, 425.66, 430.58, 431.72, 437.87,
  428.43, 428.35, 432.5, 443.66, 455.72, 454.49, 452.08, 452.73, 461.91, 463.58, 461.14, 452.08, 442.66, 428.91, 429.79,
  431.99, 427.72, 423.2, 426.21, 426.98, 435.69, 434.33, 429.8, 419.85, 426.24,
];

function ema(values: readonly number[], period: number): number[] {
  const out = values.map(() => Number.NaN);
  let current = Number.NaN;
  values.forEach((v, i) => {
    if (i === period - 1) current = values.slice(0, period).reduce((a, b) => a + b, 0) / period;
    else if (i >= period) current += (2 / (period + 1)) * (v - current);
    out[i] = current;
  });
  return out;
}

describe('MACD', () => {
  it('matches the published worked example: line 8.2753 on day 26, signal 3.0375 on day 34', () => {
    const macd = new MACD(12, 26, 9, { precision: 2 });
    const lines: number[] = [];
    const signals: number[] = [];
    for (const close of CLOSES) {
      lines.push(macd.update(close));
      signals.push(macd.signal);
    }
    assert.ok(Number.isNaN(lines[24]!));
    assert.ok(Math.abs(lines[25]! - 8.275269504) <= 1e-8);
    assert.ok(Math.abs(lines[31]! - 0.1029814912) <= 1e-8);
    assert.ok(Number.isNaN(signals[32]!));
    assert.ok(Math.abs(signals[33]! - 3.037525869) <= 1e-8);
    assert.ok(Math.abs(signals[39]! - -1.338100413) <= 1e-8);
    assert.equal(macd.isReady, true);
    assert.equal(macd.histogram, macd.line - macd.signal);
  });

  it('agrees with a non-streaming reference on a 3,000-bar random walk', () => {
    const random = createRandom(17);
    let cents = 30_000;
    const prices = Array.from({ length: 3000 }, () => (cents = Math.max(1, cents + random.int(101) - 50)) / 100);
    const fast = ema(prices, 12);
    const slow = ema(prices, 26);
    const line = prices.map((_, i) => fast[i]! - slow[i]!);
    const signal = ema(line.slice(25), 9);
    const macd = new MACD(12, 26, 9, { precision: 2 });
    prices.forEach((price, i) => {
      macd.update(price);
      if (i < 25) return assert.ok(Number.isNaN(macd.line));
      assert.ok(Math.abs(macd.line - line[i]!) <= 1e-9, `line ${i}`);
      if (i < 33) return assert.equal(macd.isReady, false);
      assert.ok(Math.abs(macd.signal - signal[i - 25]!) <= 1e-9, `signal ${i}`);
    });
  });

  it('refuses fast ≥ slow', () => {
    assert.throws(() => new MACD(26, 12), /fast \(26\) must be less than slow \(12\)/);
  });
});
