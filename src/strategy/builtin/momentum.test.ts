import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StrategyHarness } from '../StrategyHarness.js';
import { createDefaultStrategyRegistry } from '../createDefaultStrategyRegistry.js';

const setup = { instrumentIds: ['AAPL.NASDAQ'], timeframe: '1h', pricePrecision: 2 } as const;

describe('momentum', () => {
  it('BUYs when the N-bar rate of change rises above entryPct and SELLs when it falls below exitPct', () => {
    const strategy = createDefaultStrategyRegistry().create('momentum', { lookback: '2', entryPct: '5', exitPct: '0' }, setup);
    const harness = new StrategyHarness().add('m', strategy);
    //   index   0    1    2    3    4    5    6
    //   close 100  100  100  106  107  108  105
    //   ROC(2)  .    .   0%   6%   7%  1.9% −1.9%   → BUY on 3 (> 5%), hold through 5, SELL on 6 (< 0%)
    const signals = harness.feedCloses('AAPL.NASDAQ', '1h', [100, 100, 100, 106, 107, 108, 105]);
    assert.deepEqual(
      signals.map((s) => `${s.barIndex}:${s.signal.action}`),
      ['3:BUY', '6:SELL'],
    );
    assert.equal(signals[0]!.signal.reason, 'ROC(2) 6.00% rose above 5%');
    assert.equal(signals[0]!.signal.strength, 0.06);
    assert.equal(signals[1]!.signal.reason, 'ROC(2) -1.87% fell below 0%');
    assert.ok(signals[0]!.signal.confidence >= 0.6);
  });

  it('does not SELL without a position, however negative the momentum', () => {
    const strategy = createDefaultStrategyRegistry().create('momentum', { lookback: 1 }, setup);
    const harness = new StrategyHarness().add('m', strategy);
    assert.deepEqual(harness.feedCloses('AAPL.NASDAQ', '1h', [100, 90, 80, 70]), []);
  });

  it('refuses an exit threshold at or above the entry threshold, naming exitPct', () => {
    assert.throws(
      () => createDefaultStrategyRegistry().create('momentum', { entryPct: 2, exitPct: 2 }, setup),
      /parameter "exitPct": must be less than entryPct \(2\), got 2/,
    );
  });
});
