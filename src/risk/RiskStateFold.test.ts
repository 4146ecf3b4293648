import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import { createEventFactory, createIdSource, SimulatedClock } from '../core/index.js';
import { RiskStateFold } from './RiskStateFold.js';
import { createTestEngine, createWorld } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

describe('RiskStateFold', () => {
  it('rebuilds from the log the counters the engine built live', () => {
    const live = createTestEngine();
    const brain = createEventFactory('brain', new SimulatedClock(TUESDAY_OPEN_MS), createIdSource(new SimulatedClock(TUESDAY_OPEN_MS), 1));
    const intents = [
      makeIntent({ ts: TUESDAY_OPEN_MS }),
      makeIntent({ ts: TUESDAY_OPEN_MS + 10_000 }), // duplicate: rejected
      makeIntent({ ts: TUESDAY_OPEN_MS + 20_000, strategyId: 'other' }),
      makeIntent({ ts: TUESDAY_OPEN_MS + 30_000, confidence: 0.1, action: 'SHORT', side: 'SELL' }), // rejected
    ];
    for (const intent of intents) {
      live.bus.emit(brain.create('TradeIntentCreated', { intent }, { key: intent.instrumentId }));
      live.bus.send(ENDPOINTS.riskEvaluate, intent);
    }
    assert.equal(live.executed.length, 2);

    const fold = new RiskStateFold();
    for (const event of live.events) fold.apply(event);
    const day = Math.floor(TUESDAY_OPEN_MS / 86_400_000);
    assert.equal(fold.state.ordersOnDay('acc-1', day), live.engine.state.ordersOnDay('acc-1', day));
    assert.equal(fold.state.lastApprovedTs('acc-1', 'sma', 'ORCL.NASDAQ', 'BUY'), TUESDAY_OPEN_MS);
    assert.equal(fold.state.lastApprovedTs('acc-1', 'sma', 'ORCL.NASDAQ', 'SHORT'), undefined);

    const restarted = createTestEngine({}, { world: { ...createWorld(), state: fold.state } });
    const decision = restarted.engine.evaluate(makeIntent({ ts: TUESDAY_OPEN_MS + 40_000 }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'duplicate-signal');
  });
});

describe('RiskStateFold, trading state and baskets', () => {
  it('restores the last trading state: a restart after the kill switch stays HALTED', () => {
    const live = createTestEngine();
    live.engine.setTradingState('REDUCING', 'max-drawdown', 'drawdown 21%');
    live.engine.killSwitch('alice', 'runaway');
    const fold = new RiskStateFold();
    for (const event of live.events) fold.apply(event);
    assert.deepEqual(fold.tradingStatus, { state: 'HALTED', by: 'alice', reason: 'runaway', sinceMs: TUESDAY_OPEN_MS });
    const restarted = createTestEngine({}, { tradingStatus: fold.tradingStatus! });
    assert.equal(restarted.engine.tradingStatus.state, 'HALTED');
    assert.equal(restarted.engine.evaluate(makeIntent()).approved, false);
  });

  it('applies every leg of an approved basket, at the approval time (order-rate window included)', () => {
    const live = createTestEngine({ rules: { orderRateLimit: { maxOrders: 2 } } });
    const legs = [makeIntent({ strategyId: 'a' }), makeIntent({ strategyId: 'b' })];
    live.engine.evaluateBasket({ basketId: 'b1', accountId: 'acc-1', legs, timeoutMs: 1_000, correlationId: 'c', ts: TUESDAY_OPEN_MS, reason: 'pair' });
    const fold = new RiskStateFold();
    for (const event of live.events) fold.apply(event);
    assert.equal(fold.state.ordersOnDay('acc-1', Math.floor(TUESDAY_OPEN_MS / 86_400_000)), 2);
    assert.equal(fold.state.nthRecentApprovalMs('acc-1', 2), TUESDAY_OPEN_MS);
    const restarted = createTestEngine({ rules: { orderRateLimit: { maxOrders: 2 } } }, { world: { ...createWorld(), state: fold.state } });
    const decision = restarted.engine.evaluate(makeIntent({ strategyId: 'c' }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'order-rate-limit');
  });
});
