import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEngine } from './testEngine.js';
import { makeIntent } from './testSupport.js';

const exit = () => makeIntent({ action: 'SELL', side: 'SELL', reduceOnly: true });

describe('trading state', () => {
  it('starts ACTIVE', () => {
    const { engine } = createTestEngine();
    assert.equal(engine.tradingStatus.state, 'ACTIVE');
  });

  it('HALTED rejects every intent, entries and exits alike, under the trading-state rule', () => {
    const { engine, executed, events } = createTestEngine();
    engine.setTradingState('HALTED', 'ops', 'broker outage');
    for (const intent of [makeIntent(), exit()]) {
      const decision = engine.evaluate(intent);
      assert.ok(!decision.approved);
      assert.equal(decision.rejection.rule, 'trading-state');
      assert.equal(decision.rejection.limit, 'HALTED');
      assert.match(decision.rejection.reason, /broker outage/);
    }
    assert.equal(executed.length, 0);
    assert.equal(events.filter((e) => e.type === 'RiskRejected').length, 2);
  });

  it('HALTED is checked before every configured rule', () => {
    const { engine } = createTestEngine();
    engine.setTradingState('HALTED', 'ops', 'test');
    const decision = engine.evaluate(makeIntent({ confidence: 0 }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'trading-state');
  });

  it('REDUCING passes only intents that shrink their book', () => {
    const { engine, executed, world } = createTestEngine();
    world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 10);
    engine.setTradingState('REDUCING', 'ops', 'drawdown');
    const entry = engine.evaluate(makeIntent());
    assert.ok(!entry.approved);
    assert.equal(entry.rejection.rule, 'trading-state');
    assert.equal(entry.rejection.observed, 'entry');
    assert.equal(engine.evaluate(exit()).approved, true);
    assert.equal(executed.length, 1);
  });

  it('trades again once set back to ACTIVE', () => {
    const { engine, clock } = createTestEngine();
    engine.setTradingState('HALTED', 'ops', 'test');
    clock.advanceTo(clock.nowMs() + 5_000);
    engine.setTradingState('ACTIVE', 'ops', 'resolved');
    assert.deepEqual(engine.tradingStatus, { state: 'ACTIVE', by: 'ops', reason: 'resolved', sinceMs: clock.nowMs() });
    assert.equal(engine.evaluate(makeIntent()).approved, true);
  });
});

describe('trading state changes', () => {
  it('emits TradingStateChanged naming from, to, who and why for every change, and nothing for a no-op', () => {
    const { engine, events } = createTestEngine();
    assert.equal(engine.setTradingState('REDUCING', 'alice', 'news pending'), true);
    assert.equal(engine.setTradingState('REDUCING', 'bob', 'again'), false);
    engine.setTradingState('ACTIVE', 'alice', 'news out');
    const changes = events.filter((e) => e.type === 'TradingStateChanged').map((e) => e.payload);
    assert.deepEqual(changes, [
      { from: 'ACTIVE', to: 'REDUCING', by: 'alice', reason: 'news pending', cancelOpenOrders: false },
      { from: 'REDUCING', to: 'ACTIVE', by: 'alice', reason: 'news out', cancelOpenOrders: false },
    ]);
  });

  it('REDUCING rejects an exit larger than the book, and one the open orders already cover', () => {
    const { engine, world } = createTestEngine();
    world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 10);
    engine.setTradingState('REDUCING', 'ops', 'drawdown');
    const tooBig = engine.evaluate(makeIntent({ action: 'SELL', side: 'SELL', reduceOnly: true, quantity: 11 }));
    assert.ok(!tooBig.approved);
    assert.match(tooBig.rejection.reason, /has 10 left to close/);
    world.orders.add({ clientOrderId: 'exit-1', strategyId: 'sma', side: 'SELL', quantity: 6, reduceOnly: true });
    assert.equal(engine.evaluate(makeIntent({ action: 'SELL', side: 'SELL', reduceOnly: true, quantity: 5 })).approved, false);
    assert.equal(engine.evaluate(makeIntent({ action: 'SELL', side: 'SELL', reduceOnly: true, quantity: 4 })).approved, true);
  });

  it('REDUCING rejects a "reduce-only" intent on a flat book: it would open a position', () => {
    const { engine } = createTestEngine();
    engine.setTradingState('REDUCING', 'ops', 'drawdown');
    const decision = engine.evaluate(exit());
    assert.ok(!decision.approved);
    assert.match(decision.rejection.reason, /is flat/);
  });
});

describe('kill switch and deactivation', () => {
  it('the kill switch halts at once and asks execution to cancel every open order', () => {
    const { engine, events, cancelAlls, executed } = createTestEngine();
    engine.killSwitch('alice', 'runaway strategy');
    assert.equal(engine.tradingStatus.state, 'HALTED');
    assert.deepEqual(cancelAlls, [{ reason: 'runaway strategy', by: 'alice' }]);
    const change = events.find((e) => e.type === 'TradingStateChanged');
    assert.ok(change?.type === 'TradingStateChanged');
    assert.deepEqual(change.payload, { from: 'ACTIVE', to: 'HALTED', by: 'alice', reason: 'runaway strategy', cancelOpenOrders: true });
    assert.equal(engine.evaluate(makeIntent()).approved, false);
    assert.equal(executed.length, 0);
  });

  it('pressed again while HALTED, it cancels again and records the press', () => {
    const { engine, cancelAlls, events } = createTestEngine();
    engine.killSwitch('alice', 'first');
    engine.killSwitch('bob', 'second', 'acc-1');
    assert.deepEqual(cancelAlls.map((c) => c.by), ['alice', 'bob']);
    assert.deepEqual(cancelAlls[1], { reason: 'second', by: 'bob', accountId: 'acc-1' });
    assert.equal(events.filter((e) => e.type === 'TradingStateChanged').length, 2);
  });

  it('stays HALTED and reports an error when execution cannot take the cancel-all', () => {
    const { engine, events } = createTestEngine({}, { withoutCancelAll: true });
    engine.killSwitch('alice', 'outage');
    assert.equal(engine.tradingStatus.state, 'HALTED');
    const error = events.find((e) => e.type === 'ErrorRaised');
    assert.ok(error?.type === 'ErrorRaised');
    assert.equal(error.payload.code, 'CANCEL_ALL_FAILED');
    assert.equal(engine.evaluate(makeIntent()).approved, false);
  });

  it('deactivating the risk engine halts trading instead of letting intents through', () => {
    const { engine, executed } = createTestEngine();
    engine.deactivate('ops', 'maintenance');
    assert.equal(engine.tradingStatus.state, 'HALTED');
    assert.match(engine.tradingStatus.reason, /deactivated: maintenance/);
    assert.equal(engine.evaluate(makeIntent()).approved, false);
    assert.equal(executed.length, 0);
  });
});
