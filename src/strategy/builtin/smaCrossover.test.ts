import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { smaCrossover } from './smaCrossover.js';
import { StrategyHarness } from '../StrategyHarness.js';
import { createDefaultStrategyRegistry } from '../createDefaultStrategyRegistry.js';

const setup = { instrumentIds: ['ORCL.NASDAQ'], timeframe: '1d', pricePrecision: 2 } as const;
const create = (raw: Record<string, unknown>) => createDefaultStrategyRegistry().create('sma-crossover', raw, setup);
const actions = (signals: readonly { barIndex: number; signal: { action: string } }[]) => signals.map((s) => `${s.barIndex}:${s.signal.action}`);

describe('sma-crossover', () => {
  // SMA(2) vs SMA(4): falling, then rising, then falling.
  //   index   0  1  2  3  4  5  6  7  8  9  10 11 12
  //   close  10  9  8  7  6  8 10 12 14 12 10  8  6
  //   fast    .  .  .  7.5  6.5  7     9     11  13  13  11  9   7
  //   slow    .  .  .  8.5  7.5  7.25  7.75  9   11  12  12  11  9
  //   fast − slow: −1 −1 −0.25, then +1.25 on bar 6 (cross up), +2 +2 +1, then −1 on bar 10 (cross down)
  const closes = [10, 9, 8, 7, 6, 8, 10, 12, 14, 12, 10, 8, 6];

  it('BUYs on the bar the fast SMA crosses above the slow SMA and SELLs on the bar it crosses back below', () => {
    const harness = new StrategyHarness().add('x', create({ fast: '2', slow: '4' }));
    const signals = harness.feedCloses('ORCL.NASDAQ', '1d', closes);
    assert.deepEqual(actions(signals), ['6:BUY', '10:SELL']);
    const [buy, sell] = signals.map((s) => s.signal);
    assert.equal(buy!.reason, 'SMA(2) crossed above SMA(4)');
    assert.equal(sell!.reason, 'SMA(2) crossed below SMA(4)');
    assert.equal(buy!.strength, (9 - 7.75) / 7.75);
    assert.equal(sell!.strength, (11 - 12) / 12);
    assert.equal(buy!.confidence, 1);
    assert.equal(buy!.timeframe, '1d');
    assert.equal(buy!.origin, 'strategy');
  });

  it('emits no SELL before it has bought (it is long-only)', () => {
    const harness = new StrategyHarness().add('x', create({ fast: 2, slow: 4 }));
    // Starts with fast above slow (no side change), then crosses down: nothing to sell.
    const signals = harness.feedCloses('ORCL.NASDAQ', '1d', [6, 8, 10, 12, 14, 12, 10, 8, 6]);
    assert.deepEqual(actions(signals), []);
  });

  it('reports no cross on a bar where the averages are exactly equal, nor when they part in the same direction', () => {
    const harness = new StrategyHarness().add('x', create({ fast: 2, slow: 4 }));
    // fast − slow: bar 3: 7.5 − 8.5; bar 4: 7 − 7.75; bar 5: 7.5 − 7.5 = 0 (equal); bar 6: 6.5 − 6.75 → below again.
    const signals = harness.feedCloses('ORCL.NASDAQ', '1d', [10, 9, 8, 7, 7, 8, 5]);
    assert.deepEqual(actions(signals), []);
  });

  it('crosses once when the averages touch and then separate the other way', () => {
    const harness = new StrategyHarness().add('x', create({ fast: 2, slow: 4 }));
    // As above up to the equality bar 5, then 9: fast 8.5 vs slow 7.75 → the cross up is reported on bar 6 only.
    const signals = harness.feedCloses('ORCL.NASDAQ', '1d', [10, 9, 8, 7, 7, 8, 9, 10]);
    assert.deepEqual(actions(signals), ['6:BUY']);
  });

  it('compares true means exactly: a constant 0.1 never crosses although naive float averages of 3 and 6 differ', () => {
    const harness = new StrategyHarness().add('x', createDefaultStrategyRegistry().create('sma-crossover', { fast: 3, slow: 6 }, { ...setup, pricePrecision: 8 }));
    const signals = harness.feedCloses('ORCL.NASDAQ', '1d', [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
    assert.deepEqual(actions(signals), []);
  });

  it('keeps a separate book per instrument', () => {
    const strategy = smaCrossover.create(
      { fast: 2, slow: 4, confidence: 0.9 },
      { instrumentIds: ['A.X', 'B.X'], timeframe: '1d', pricePrecision: 2 },
    );
    const harness = new StrategyHarness().add('x', strategy);
    assert.deepEqual(actions(harness.feedCloses('A.X', '1d', closes.slice(0, 7))), ['6:BUY']);
    assert.deepEqual(actions(harness.feedCloses('B.X', '1d', closes.slice(0, 6))), []);
    assert.equal(harness.signals[0]!.signal.confidence, 0.9);
  });
});
