import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StrategyHarness } from '../StrategyHarness.js';
import { createDefaultStrategyRegistry } from '../createDefaultStrategyRegistry.js';

const setup = { instrumentIds: ['SPY.ARCA'], timeframe: '5m', pricePrecision: 2 } as const;
//   index    0   1   2   3   4   5      6      7      8      9      10     11      12
//   close   10  10  10  10  10   6      7      9     10     14     13     11      10
//   z(5)     .   .   .   .   0  −2.00  −0.92  +0.37  +0.98  +1.72  +0.93  −0.22  −0.98
const CLOSES = [10, 10, 10, 10, 10, 6, 7, 9, 10, 14, 13, 11, 10];
const run = (raw: Record<string, unknown>): string[] => {
  const harness = new StrategyHarness().add('mr', createDefaultStrategyRegistry().create('mean-reversion', raw, setup));
  return harness.feedCloses('SPY.ARCA', '5m', CLOSES).map((s) => `${s.barIndex}:${s.signal.action}`);
};

describe('mean-reversion', () => {
  it('BUYs when z < −entryZ and SELLs when z comes back above −exitZ (long only by default)', () => {
    assert.deepEqual(run({ period: 5, entryZ: 1.5, exitZ: 0.5 }), ['5:BUY', '7:SELL']);
  });

  it('with allowShort also SHORTs when z > entryZ and COVERs when z falls below exitZ', () => {
    assert.deepEqual(run({ period: '5', entryZ: '1.5', exitZ: '0.5', allowShort: 'true' }), ['5:BUY', '7:SELL', '9:SHORT', '11:COVER']);
  });

  it('says why in the reason and gives the z-score as strength', () => {
    const harness = new StrategyHarness().add('mr', createDefaultStrategyRegistry().create('mean-reversion', { period: 5, entryZ: 1.5 }, setup));
    const [buy] = harness.feedCloses('SPY.ARCA', '5m', CLOSES.slice(0, 6));
    assert.equal(buy!.signal.reason, 'BB(5) z-score -2.00 below -1.5');
    assert.ok(Math.abs(buy!.signal.strength! - -2) < 1e-12);
  });

  it('refuses exitZ ≥ entryZ and a non-boolean allowShort, naming the parameter', () => {
    const registry = createDefaultStrategyRegistry();
    assert.throws(() => registry.create('mean-reversion', { entryZ: 1, exitZ: 1 }, setup), /parameter "exitZ"/);
    assert.throws(() => registry.create('mean-reversion', { allowShort: 'maybe' }, setup), /parameter "allowShort": must be true or false/);
  });
});
