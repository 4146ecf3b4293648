import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessMessageBus, TOPICS } from '../bus/index.js';
import { SimulatedClock, ValidationError, createIdSource, silentLogger, type Bar, type Tick, type Timeframe } from '../core/index.js';
import { StrategyRunner } from './StrategyRunner.js';
import type { Strategy, StrategyContext } from './Strategy.js';
import { StrategyHarness } from './StrategyHarness.js';

/** A test strategy that records what it receives and can be told to signal or to throw. */
class RecordingStrategy implements Strategy {
  readonly bars: string[] = [];
  readonly ticks: number[] = [];
  throwOnBar = false;
  signalOnBar = false;
  confidence = 0.8;

  constructor(readonly subscriptions: readonly { instrumentId: string; timeframe: Timeframe }[]) {}

  onBar(bar: Bar, ctx: StrategyContext): void {
    this.bars.push(`${bar.instrumentId}/${bar.timeframe}@${bar.close}`);
    if (this.throwOnBar) throw new Error('boom');
    if (this.signalOnBar) {
      ctx.signal({ instrumentId: bar.instrumentId, action: 'BUY', confidence: this.confidence, reason: `test ${ctx.strategyId}`, timeframe: bar.timeframe, strength: 0.25 });
    }
  }

  onTick(tick: Tick): void {
    this.ticks.push(tick.price);
  }
}

const bar = (instrumentId: string, timeframe: Timeframe, close: number, ts = Date.UTC(2024, 0, 2, 15)): Bar => ({
  instrumentId, timeframe, ts, open: close, high: close, low: close, close, volume: 1,
});

describe('StrategyRunner', () => {
  it('asks the data engine for each subscription once when a strategy is added', () => {
    const harness = new StrategyHarness();
    harness.add('a', new RecordingStrategy([
      { instrumentId: 'A.X', timeframe: '1m' },
      { instrumentId: 'A.X', timeframe: '1m' },
      { instrumentId: 'A.X', timeframe: '1h' },
    ]));
    assert.deepEqual(harness.barSubscriptions, [
      { instrumentId: 'A.X', timeframe: '1m' },
      { instrumentId: 'A.X', timeframe: '1h' },
    ]);
  });

  it('routes each bar only to the strategies subscribed to its instrument and timeframe', () => {
    const harness = new StrategyHarness();
    const a = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    const b = new RecordingStrategy([{ instrumentId: 'B.X', timeframe: '1m' }, { instrumentId: 'A.X', timeframe: '5m' }]);
    harness.add('a', a).add('b', b);
    harness.publishBar(bar('A.X', '1m', 1));
    harness.publishBar(bar('A.X', '5m', 2));
    harness.publishBar(bar('B.X', '1m', 3));
    harness.publishBar(bar('B.X', '5m', 4));
    harness.publishBar(bar('C.X', '1m', 5));
    assert.deepEqual(a.bars, ['A.X/1m@1']);
    assert.deepEqual(b.bars, ['A.X/5m@2', 'B.X/1m@3']);
  });

  it('turns a signal request into a SignalGenerated event with a core Signal, stamped by the clock and id source', () => {
    const harness = new StrategyHarness();
    const strategy = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    strategy.signalOnBar = true;
    harness.add('alpha', strategy);
    harness.publishBar(bar('A.X', '1m', 10));
    assert.equal(harness.signals.length, 1);
    const { signal, event } = harness.signals[0]!;
    assert.deepEqual({ ...signal, signalId: 'id' }, {
      signalId: 'id', strategyId: 'alpha', instrumentId: 'A.X', action: 'BUY', confidence: 0.8, reason: 'test alpha',
      timeframe: '1m', ts: harness.clock.nowMs(), origin: 'strategy', strength: 0.25,
    });
    assert.equal(event.type, 'SignalGenerated');
    assert.equal(event.source, 'strategy');
    assert.equal(event.key, 'A.X');
    assert.equal(event.correlationId, signal.signalId);
    assert.equal(event.idempotencyKey, `signal:${signal.signalId}`);
    assert.equal(event.ts, harness.clock.nowMs());
    assert.notEqual(event.id, signal.signalId);
  });

  it('isolates a strategy that throws: ErrorRaised names it, it is deactivated, the others go on', () => {
    const harness = new StrategyHarness();
    const bad = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    const good = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    bad.throwOnBar = true;
    harness.add('bad', bad).add('good', good);
    harness.publishBar(bar('A.X', '1m', 1));
    harness.publishBar(bar('A.X', '1m', 2));
    assert.equal(harness.errors.length, 1);
    const error = harness.errors[0]!.payload;
    assert.equal(error.code, 'STRATEGY_FAILED');
    assert.equal(error.component, 'strategy:bad');
    assert.match(error.message, /strategy "bad" threw in onBar\(1m\) on A\.X and was deactivated: boom/);
    assert.equal(error.details?.['strategyId'], 'bad');
    assert.equal(harness.runner.isActive('bad'), false);
    assert.deepEqual(bad.bars, ['A.X/1m@1']);
    assert.deepEqual(good.bars, ['A.X/1m@1', 'A.X/1m@2']);
    // Resumed by hand, it receives bars again.
    bad.throwOnBar = false;
    harness.runner.setActive('bad', true);
    harness.publishBar(bar('A.X', '1m', 3));
    assert.deepEqual(bad.bars, ['A.X/1m@1', 'A.X/1m@3']);
  });

  it('treats an invalid signal (confidence outside 0..1) as a failure of that strategy', () => {
    const harness = new StrategyHarness();
    const strategy = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    strategy.signalOnBar = true;
    strategy.confidence = 1.5;
    harness.add('s', strategy);
    harness.publishBar(bar('A.X', '1m', 1));
    assert.equal(harness.signals.length, 0);
    assert.match(harness.errors[0]!.payload.message, /confidence must be in 0\.\.1, got 1\.5/);
    assert.equal(harness.runner.isActive('s'), false);
  });

  it('pauses and resumes delivery with setActive', () => {
    const harness = new StrategyHarness();
    const strategy = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    harness.add('s', strategy);
    harness.runner.setActive('s', false);
    harness.publishBar(bar('A.X', '1m', 1));
    harness.runner.setActive('s', true);
    harness.publishBar(bar('A.X', '1m', 2));
    assert.deepEqual(strategy.bars, ['A.X/1m@2']);
    assert.throws(() => harness.runner.setActive('nope', true), ValidationError);
  });

  it('stops delivering to a removed strategy', () => {
    const harness = new StrategyHarness();
    const strategy = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    harness.add('s', strategy);
    assert.equal(harness.runner.remove('s'), true);
    assert.equal(harness.runner.remove('s'), false);
    harness.publishBar(bar('A.X', '1m', 1));
    assert.deepEqual(strategy.bars, []);
    assert.deepEqual(harness.runner.strategyIds(), []);
  });

  it('delivers ticks of subscribed instruments to strategies that take them', () => {
    const harness = new StrategyHarness();
    const strategy = new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }]);
    harness.add('s', strategy);
    harness.bus.publish(TOPICS.tick, { instrumentId: 'A.X', ts: 1, price: 10.5, size: 1 });
    harness.bus.publish(TOPICS.tick, { instrumentId: 'B.X', ts: 1, price: 99, size: 1 });
    assert.deepEqual(strategy.ticks, [10.5]);
  });

  it('refuses a second strategy with the same id', () => {
    const harness = new StrategyHarness();
    harness.add('s', new RecordingStrategy([]));
    assert.throws(() => harness.add('s', new RecordingStrategy([])), /strategy id "s" is already running/);
  });

  it('refuses to add a strategy when no data engine takes bar subscriptions, and keeps nothing of it', () => {
    const clock = new SimulatedClock(0);
    const runner = new StrategyRunner({ bus: new InProcessMessageBus(), clock, ids: createIdSource(clock, 1), logger: silentLogger, accountId: 'a' });
    assert.throws(() => runner.add('s', new RecordingStrategy([{ instrumentId: 'A.X', timeframe: '1m' }])), /no handler registered for endpoint DataEngine\.subscribeBars/);
    assert.deepEqual(runner.strategyIds(), []);
  });

  it('replaces an instance in its place in dispatch order, keeping its active flag, and asks only for new subscriptions', () => {
    const harness = new StrategyHarness();
    const order: string[] = [];
    const tagged = (tag: string, subscriptions: readonly { instrumentId: string; timeframe: Timeframe }[]): Strategy => ({
      subscriptions, onBar: (b: Bar) => void order.push(`${tag}:${b.timeframe}`),
    });
    harness.add('a', tagged('a1', [{ instrumentId: 'A.X', timeframe: '1m' }])).add('b', tagged('b', [{ instrumentId: 'A.X', timeframe: '1m' }]));
    harness.runner.replace('a', tagged('a2', [{ instrumentId: 'A.X', timeframe: '1m' }, { instrumentId: 'A.X', timeframe: '5m' }]));
    harness.publishBar(bar('A.X', '1m', 1));
    harness.publishBar(bar('A.X', '5m', 1));
    assert.deepEqual(order, ['a2:1m', 'b:1m', 'a2:5m']);
    assert.deepEqual(harness.barSubscriptions.map((s) => s.timeframe), ['1m', '1m', '5m']);
    harness.runner.setActive('a', false);
    harness.runner.replace('a', tagged('a3', [{ instrumentId: 'A.X', timeframe: '1m' }]));
    harness.publishBar(bar('A.X', '5m', 2));
    harness.publishBar(bar('A.X', '1m', 2));
    assert.deepEqual(order.slice(3), ['b:1m']);
    assert.equal(harness.runner.isActive('a'), false);
    assert.throws(() => harness.runner.replace('ghost', tagged('g', [])), ValidationError);
  });
});
