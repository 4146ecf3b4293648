import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import type { BasketIntent, TradeIntent } from '../core/index.js';
import { createTestEngine } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

let basketCounter = 0;
function makeBasket(legs: readonly TradeIntent[], overrides: Partial<BasketIntent> = {}): BasketIntent {
  basketCounter += 1;
  return { basketId: `basket-${basketCounter}`, accountId: 'acc-1', legs, timeoutMs: 5_000, correlationId: `corr-b${basketCounter}`, ts: TUESDAY_OPEN_MS, reason: 'hedge', ...overrides };
}

const DAY = Math.floor(TUESDAY_OPEN_MS / 86_400_000);

describe('basket approval (all or nothing)', () => {
  it('approves every leg, mints the basket with the approval authority and sends it to execution', () => {
    const { engine, events, baskets, executed, authority } = createTestEngine();
    const basket = makeBasket([makeIntent({ quantity: 10 }), makeIntent({ strategyId: 'hedge', action: 'SHORT', side: 'SELL', quantity: 10 })]);
    const decision = engine.evaluateBasket(basket);
    assert.equal(decision.approved, true);
    assert.equal(baskets.length, 1);
    assert.equal(authority.verifyBasket(baskets[0]), true);
    assert.ok(baskets[0]!.legs.every((leg) => authority.verify(leg)));
    assert.equal(executed.length, 0, 'legs go to execution as one basket, not one by one');
    const approved = events.find((e) => e.type === 'BasketApproved');
    assert.ok(approved?.type === 'BasketApproved');
    assert.deepEqual(approved.payload.legs.map((l) => [l.intent.intentId, l.quantity]), basket.legs.map((l) => [l.intentId, 10]));
    assert.equal(approved.correlationId, basket.correlationId);
    assert.equal(engine.state.ordersOnDay('acc-1', DAY), 2);
  });

  it('rejects the whole basket when one leg fails, naming the leg and the rule, and moves no counter', () => {
    const { engine, events, baskets, executed } = createTestEngine();
    const legs = [makeIntent({ quantity: 10 }), makeIntent({ strategyId: 'hedge', confidence: 0.2 })];
    const decision = engine.evaluateBasket(makeBasket(legs));
    assert.equal(decision.approved, false);
    const rejected = events.find((e) => e.type === 'BasketRejected');
    assert.ok(rejected?.type === 'BasketRejected');
    assert.equal(rejected.payload.legIndex, 1);
    assert.equal(rejected.payload.intentId, legs[1]!.intentId);
    assert.equal(rejected.payload.rule, 'min-confidence');
    assert.equal(rejected.payload.limit, 0.6);
    assert.equal(rejected.payload.observed, 0.2);
    assert.match(rejected.payload.reason, /^leg 1 \(intent-\d+\): confidence 0.2 is below the minimum 0.6$/);
    assert.equal(baskets.length + executed.length, 0);
    assert.equal(engine.state.ordersOnDay('acc-1', DAY), 0);
  });

  it('judges each leg with the counters as if the earlier legs were approved', () => {
    const { engine, events } = createTestEngine({ rules: { maxOrdersPerDay: { limit: 2 } } });
    assert.equal(engine.evaluate(makeIntent({ strategyId: 'solo' })).approved, true);
    const decision = engine.evaluateBasket(makeBasket([makeIntent({ strategyId: 'a' }), makeIntent({ strategyId: 'b' })]));
    assert.equal(decision.approved, false);
    const rejected = events.find((e) => e.type === 'BasketRejected');
    assert.ok(rejected?.type === 'BasketRejected');
    assert.deepEqual([rejected.payload.legIndex, rejected.payload.rule, rejected.payload.observed], [1, 'max-orders-per-day', 3]);
  });

  it('counts earlier legs as open exposure', () => {
    const { engine, events } = createTestEngine({ rules: { maxPositionPct: { enabled: false } } });
    const decision = engine.evaluateBasket(makeBasket([makeIntent({ quantity: 6_000 }), makeIntent({ strategyId: 'b', quantity: 4_001 })]));
    assert.equal(decision.approved, false);
    const rejected = events.find((e) => e.type === 'BasketRejected');
    assert.ok(rejected?.type === 'BasketRejected');
    assert.equal(rejected.payload.rule, 'max-gross-exposure');
  });

  it('rejects a basket whose leg a rule would resize: its legs belong together', () => {
    const { engine, bus, events } = createTestEngine();
    for (let i = 0; i < 20; i++) {
      bus.publish('data.bar', { instrumentId: 'ORCL.NASDAQ', timeframe: '1m', ts: TUESDAY_OPEN_MS - 60_000 * (20 - i), open: 100, high: 100, low: 100, close: 100, volume: 100 });
    }
    assert.equal(engine.evaluateBasket(makeBasket([makeIntent({ quantity: 50 })])).approved, false);
    const rejected = events.find((e) => e.type === 'BasketRejected');
    assert.ok(rejected?.type === 'BasketRejected');
    assert.equal(rejected.payload.rule, 'liquidity-guard');
    assert.match(rejected.payload.reason, /would resize 50 to 10; basket legs are not resized/);
  });

  it('rejects every basket while HALTED, and a leg of another account', () => {
    const { engine } = createTestEngine();
    assert.equal(engine.evaluateBasket(makeBasket([makeIntent({ accountId: 'acc-2' })])).approved, false);
    engine.setTradingState('HALTED', 'ops', 'test');
    assert.equal(engine.evaluateBasket(makeBasket([makeIntent()])).approved, false);
  });

  it('answers a redelivered basket with its first decision', () => {
    const { engine, baskets, bus } = createTestEngine();
    const basket = makeBasket([makeIntent()]);
    bus.send(ENDPOINTS.riskEvaluateBasket, basket);
    bus.send(ENDPOINTS.riskEvaluateBasket, basket);
    assert.equal(baskets.length, 1);
    assert.equal(engine.state.ordersOnDay('acc-1', DAY), 1);
  });

  it('fails closed without a basket approval authority', () => {
    const { engine, events, baskets } = createTestEngine({}, { withoutBasketApproval: true });
    assert.equal(engine.evaluateBasket(makeBasket([makeIntent()])).approved, false);
    assert.deepEqual(events.map((e) => e.type), ['ErrorRaised', 'BasketRejected']);
    const rejected = events[1];
    assert.ok(rejected?.type === 'BasketRejected');
    assert.equal(rejected.payload.rule, 'approval');
    assert.equal(baskets.length, 0);
    assert.equal(engine.state.ordersOnDay('acc-1', DAY), 0);
  });
});
