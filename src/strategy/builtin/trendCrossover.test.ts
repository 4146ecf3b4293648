import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StrategyHarness } from '../StrategyHarness.js';
import { createDefaultStrategyRegistry } from '../createDefaultStrategyRegistry.js';

const setup = { instrumentIds: ['ES.CME'], timeframe: '5m', pricePrecision: 2 } as const;
const HOUR_MS = 3_600_000;
// The 5m closes of the sma-crossover spec: SMA(2) crosses above SMA(4) on bar 6 and back below on bar 10.
const ENTRY_CLOSES = [10, 9, 8, 7, 6, 8, 10, 12, 14, 12, 10, 8, 6];

function run(trendCloses: readonly number[]): StrategyHarness {
  const strategy = createDefaultStrategyRegistry().create('trend-crossover', { fast: 2, slow: 4, trendTimeframe: '1h', trendPeriod: 2 }, setup);
  const harness = new StrategyHarness().add('t', strategy);
  const startMs = harness.clock.nowMs();
  harness.feedCloses('ES.CME', '1h', trendCloses, startMs);
  harness.feedCloses('ES.CME', '5m', ENTRY_CLOSES, startMs + trendCloses.length * HOUR_MS);
  return harness;
}

describe('trend-crossover (multi-timeframe)', () => {
  it('subscribes to both timeframes of the instrument and the runner asks the data engine for both', () => {
    const harness = run([]);
    assert.deepEqual(harness.barSubscriptions, [
      { instrumentId: 'ES.CME', timeframe: '5m' },
      { instrumentId: 'ES.CME', timeframe: '1h' },
    ]);
  });

  it('BUYs on the 5m cross up while the 1h close is above its SMA, then SELLs on the cross down', () => {
    const harness = run([100, 110]); // 1h SMA(2) = 105 < last 1h close 110: uptrend
    assert.deepEqual(
      harness.signals.map((s) => `${s.barIndex}:${s.signal.action}:${s.signal.timeframe}`),
      ['6:BUY:5m', '10:SELL:5m'],
    );
    assert.equal(harness.signals[0]!.signal.reason, 'SMA(2) crossed above SMA(4) with 1h close above SMA(2)');
  });

  it('takes no entry while the 1h trend is down', () => {
    const harness = run([110, 100]); // 1h close below its SMA(2)
    assert.deepEqual(harness.signals, []);
  });

  it('refuses a trend timeframe that is not longer than the entry timeframe, naming trendTimeframe', () => {
    assert.throws(
      () => createDefaultStrategyRegistry().create('trend-crossover', { trendTimeframe: '1m' }, setup),
      /parameter "trendTimeframe": must be longer than the entry timeframe 5m, got 1m/,
    );
  });
});
