import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError, toUnits } from '../../../core/index.js';
import { generateBars } from './generateBars.js';
import type { GenerateBarsOptions } from './generateBars.js';

const OPTIONS: GenerateBarsOptions = {
  instrumentId: 'SYN.SIM', timeframe: '5m', count: 5000, startMs: Date.UTC(2024, 0, 2, 9, 15), startPrice: 250, volatility: 0.003, tickSize: 0.05, seed: 42, baseVolume: 1000,
};

describe('generateBars', () => {
  it('gives identical arrays for the same seed', () => {
    const a = generateBars(OPTIONS);
    const b = generateBars(OPTIONS);
    for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) assert.deepEqual(a[column], b[column], column);
  });

  it('gives different prices for a different seed', () => {
    const a = generateBars(OPTIONS);
    const b = generateBars({ ...OPTIONS, seed: 43 });
    assert.notDeepEqual(a.close, b.close);
  });

  it('produces consistent bars on the tick grid, back to back, with positive whole volumes', () => {
    const bars = generateBars(OPTIONS);
    assert.equal(bars.length, 5000);
    assert.equal(bars.timeframe, '5m');
    for (let i = 0; i < bars.length; i++) {
      const [open, high, low, close, volume] = [bars.open[i]!, bars.high[i]!, bars.low[i]!, bars.close[i]!, bars.volume[i]!];
      assert.equal(bars.ts[i], OPTIONS.startMs + i * 300_000);
      assert.ok(low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close), `bar ${i}`);
      for (const price of [open, high, low, close]) assert.equal(toUnits(price, 2) % 5, 0, `${price} is off the 0.05 grid`);
      for (const price of [open, high, low, close]) assert.equal(price, toUnits(price, 2) / 100, `${price} is not the exact decimal`);
      assert.ok(Number.isInteger(volume) && volume >= 1);
    }
  });

  it('opens near the previous close', () => {
    const bars = generateBars(OPTIONS);
    let gaps = 0;
    for (let i = 1; i < bars.length; i++) gaps += Math.abs(bars.open[i]! - bars.close[i - 1]!) / bars.close[i - 1]!;
    assert.ok(gaps / bars.length < OPTIONS.volatility * 0.2, `average gap ${gaps / bars.length}`);
  });

  it('starts at the start price and wanders with about the requested volatility', () => {
    const bars = generateBars({ ...OPTIONS, count: 20_000 });
    assert.ok(Math.abs(bars.close[0]! / OPTIONS.startPrice - 1) < 0.02);
    let sum = 0;
    let sumSquares = 0;
    for (let i = 1; i < bars.length; i++) {
      const r = Math.log(bars.close[i]! / bars.close[i - 1]!);
      sum += r;
      sumSquares += r * r;
    }
    const n = bars.length - 1;
    const stdev = Math.sqrt(sumSquares / n - (sum / n) ** 2);
    assert.ok(Math.abs(stdev / OPTIONS.volatility - 1) < 0.1, `stdev ${stdev}`);
  });

  it('refuses impossible settings', () => {
    assert.throws(() => generateBars({ ...OPTIONS, tickSize: 0 }), ValidationError);
    assert.throws(() => generateBars({ ...OPTIONS, startPrice: -1 }), ValidationError);
    assert.throws(() => generateBars({ ...OPTIONS, count: 1.5 }), ValidationError);
  });
});
