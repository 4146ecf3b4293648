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

  it('REDUCING passes only reduce-only intents', () => {
    const { engine, executed } = createTestEngine();
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
