import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { ATR } from './ATR.js';

/** StockCharts' ATR worked example (cs-atr): QQQQ, 1 April – 13 May 2010. */
const HIGH = [
  48.7, 48.72, 48.9, 48.87, 48.82, 49.05, 49.2, 49.35, 49.92, 50.19, 50.12, 49.66, 49.88, 50.19, 50.36, 50.57, 50.65, 50.43,
  49.63, 50.33, 50.29, 50.17, 49.32, 48.5, 48.32, 46.8, 47.8, 48.39, 48.66, 48.79,
];
const LOW = [
  47.79, 48.14, 48.39, 48.37, 48.24, 48.64, 48.94, 48.86, 49.5, 49.87, 49.2, 48.9, 49.43, 49.73, 49.26, 50.09, 50.3, 49.21,
  48.98, 49.61, 49.2, 49.43, 48.08, 47.64, 41.55, 44.28, 47.31, 47.2, 47.9, 47.73,
];
const CLOSE = [
  48.16, 48.61, 48.75, 48.63, 48.74, 49.03, 49.07, 49.32, 49.91, 50.13, 49.53, 49.5, 49.75, 50.03, 50.31, 50.52, 50.41,
  49.43, 49.37, 50.23, 49.24, 49.93, 48.43, 48.18, 46.57, 45.41, 47.77, 47.72, 48.62, 47.85,
];
/** ATR(14) of that example, from the 14th bar, to the cent. */
const PUBLISHED_ATR14 = [0.55, 0.59, 0.59, 0.57, 0.61, 0.62, 0.64, 0.67, 0.69, 0.77, 0.78, 1.21, 1.3, 1.38, 1.37, 1.34, 1.32];

function referenceAtr(high: readonly number[], low: readonly number[], close: readonly number[], period: number): number[] {
  const tr = high.map((h, i) =>
    i === 0 ? h - low[i]! : Math.max(h - low[i]!, Math.abs(h - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!)),
  );
  const out = tr.map(() => Number.NaN);
  let atr = 0;
  tr.forEach((value, i) => {
    if (i < period) {
      atr += value / period;
      if (i === period - 1) out[i] = atr;
    } else {
      atr = (atr * (period - 1) + value) / period;
      out[i] = atr;
    }
  });
  return out;
}

describe('ATR', () => {
  it("matches StockCharts' published ATR(14) column to the cent", () => {
    const atr = new ATR(14, { precision: 2 });
    const values = HIGH.map((h, i) => atr.update(h, LOW[i]!, CLOSE[i]!));
    values.slice(0, 13).forEach((value) => assert.ok(Number.isNaN(value)));
    values.slice(13).forEach((value, i) => assert.ok(Math.abs(value - PUBLISHED_ATR14[i]!) <= 0.005 + 1e-9, `bar ${i + 14}: ${value}`));
  });

  it('uses the gap to the previous close when it exceeds the bar range', () => {
    const atr = new ATR(1, { precision: 2 });
    atr.update(10, 9, 9.5);
    assert.equal(atr.update(13, 12, 12.5), 3.5);
    assert.equal(atr.trueRange, 3.5);
    assert.equal(atr.update(8, 7, 7.5), 5.5);
  });

  it('agrees with a non-streaming reference on a 5,000-bar random walk', () => {
    const random = createRandom(3);
    const high: number[] = [];
    const low: number[] = [];
    const close: number[] = [];
    let cents = 10_000;
    for (let i = 0; i < 5000; i++) {
      cents = Math.max(200, cents + random.int(81) - 40);
      const h = cents + random.int(50);
      const l = cents - random.int(50);
      high.push(h / 100);
      low.push(l / 100);
      close.push((l + random.int(h - l + 1)) / 100);
    }
    const atr = new ATR(14, { precision: 2 });
    const reference = referenceAtr(high, low, close, 14);
    high.forEach((h, i) => {
      const value = atr.update(h, low[i]!, close[i]!);
      if (i < 13) assert.ok(Number.isNaN(value));
      else assert.ok(Math.abs(value - reference[i]!) <= 1e-9, `bar ${i}`);
    });
  });
});
