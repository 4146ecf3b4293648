import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StrategyHarness } from '../StrategyHarness.js';
import { createDefaultStrategyRegistry } from '../createDefaultStrategyRegistry.js';

const setup = { instrumentIds: ['MSFT.NASDAQ'], timeframe: '1d', pricePrecision: 2 } as const;

describe('rsi', () => {
  it('BUYs when RSI crosses up through oversold and SELLs when it crosses down through overbought', () => {
    const harness = new StrategyHarness().add('r', createDefaultStrategyRegistry().create('rsi', { period: 3 }, setup));
    //   index   0   1  2  3  4  5      6      7      8      9      10     11
    //   close  10   9  8  7  6  9     12     15     14     11      8      9
    //   RSI(3)  .   .  .  0  0  60.00  78.95  87.69  72.61  40.93  24.74  37.17
    const signals = harness.feedCloses('MSFT.NASDAQ', '1d', [10, 9, 8, 7, 6, 9, 12, 15, 14, 11, 8, 9]);
    assert.deepEqual(
      signals.map((s) => `${s.barIndex}:${s.signal.action}`),
      ['5:BUY', '9:SELL', '11:BUY'],
    );
    assert.equal(signals[0]!.signal.reason, 'RSI(3) crossed above 30');
    assert.equal(signals[1]!.signal.reason, 'RSI(3) crossed below 70');
    assert.ok(signals[0]!.signal.confidence >= 0.6);
  });

  it('does not SELL on a cross down through overbought when it holds nothing', () => {
    const harness = new StrategyHarness().add('r', createDefaultStrategyRegistry().create('rsi', { period: 3 }, setup));
    assert.deepEqual(harness.feedCloses('MSFT.NASDAQ', '1d', [10, 11, 12, 13, 14, 11, 8]), []);
  });

  it('refuses oversold ≥ overbought, naming oversold', () => {
    assert.throws(() => createDefaultStrategyRegistry().create('rsi', { oversold: 80 }, setup), /parameter "oversold": must be less than overbought \(70\), got 80/);
  });
});
