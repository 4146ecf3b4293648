import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import { createEventFactory, createIdSource } from '../core/index.js';
import { engineHarness, NIFTY, ORCL } from './engineHarness.test.js';

const HALT = { from: 'ACTIVE', to: 'HALTED', by: 'kill-switch', reason: 'operator pressed stop', cancelOpenOrders: true } as const;

describe('ExecutionEngine under trading states', () => {
  it('lets no order of any kind reach the broker while HALTED', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.engine.applyTradingState(HALT);
    h.execute('plain');
    h.execute('exit', { side: 'SELL', reduceOnly: true });
    h.execute('sliced', { instrumentId: NIFTY.id, quantity: 5000 });
    h.execute('bracketed', { bracket: { takeProfitPrice: 11, stopLossPrice: 9 } });
    h.sendBasket('b', [h.intent('leg1'), h.intent('leg2', { instrumentId: NIFTY.id, quantity: 25 })]);
    h.bar(10);
    assert.equal(h.broker.requestsReceived, 0);
    assert.deepEqual(h.types(), ['OrderDenied', 'OrderDenied', 'OrderDenied', 'OrderDenied', 'OrderDenied', 'OrderDenied', 'BasketFailed']);
    assert.ok(h.of('OrderDenied').every((e) => /trading is HALTED \(set by kill-switch: operator pressed stop\)/.test(e.payload.order.reason ?? '')));
  });

  it('stops queued slices and bracket children when trading halts after they were planned', () => {
    const h = engineHarness({ fillModel: 'next-open', ordersPerSecond: 1 });
    h.execute('e', { quantity: 100, bracket: { takeProfitPrice: 11, stopLossPrice: 9 } });
    h.execute('big', { instrumentId: NIFTY.id, quantity: 5000 }); // the budget is spent: all three slices wait
    assert.equal(h.broker.requestsReceived, 1);
    h.engine.applyTradingState({ ...HALT, cancelOpenOrders: false });
    h.bar(10); // the entry was already at the broker and fills; its children may not go out
    assert.equal(h.broker.requestsReceived, 1);
    assert.deepEqual(h.engine.registry.childrenOf('big').map((s) => s.status), ['REJECTED', 'CANCELED', 'CANCELED']);
    assert.deepEqual(h.of('OrderDenied').map((e) => e.payload.order.clientOrderId), ['e-tp']);
    assert.match(h.of('BracketDisarmed')[0]?.payload.reason ?? '', /^child e-tp rejected: trading is HALTED/);
  });

  it('cancels every open order with the reason and who, when the halt says so', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('a', { orderType: 'LIMIT', limitPrice: 5 });
    h.execute('b', { instrumentId: NIFTY.id, quantity: 3000, orderType: 'LIMIT', limitPrice: 15_000 });
    h.engine.applyTradingState(HALT);
    assert.deepEqual(h.of('OrderCancelRequested').map((e) => [e.payload.clientOrderId, e.payload.reason, e.payload.by]), [
      ['a', 'operator pressed stop', 'kill-switch'], ['b-s1', 'operator pressed stop', 'kill-switch'], ['b-s2', 'operator pressed stop', 'kill-switch'],
    ]);
    assert.deepEqual(h.engine.registry.openOrders(), []);
    assert.equal(h.engine.tradingState, 'HALTED');
  });

  it('cancels all open orders of one account through the cancel-all endpoint', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('mine', { orderType: 'LIMIT', limitPrice: 5 });
    h.execute('theirs', { orderType: 'LIMIT', limitPrice: 5, accountId: 'other' });
    h.bus.send(ENDPOINTS.executionCancelAll, { accountId: 'acc', reason: 'end of day', by: 'scheduler' });
    assert.deepEqual([h.status('mine'), h.status('theirs')], ['CANCELED', 'ACCEPTED']);
    assert.deepEqual(h.of('OrderCancelRequested')[0]?.payload, { clientOrderId: 'mine', reason: 'end of day', by: 'scheduler' });
    h.bus.send(ENDPOINTS.executionCancelAll, { reason: 'shutdown', by: 'operator' });
    assert.equal(h.status('theirs'), 'CANCELED');
  });

  it('lets only exposure-reducing orders through while REDUCING', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('long', { quantity: 100 });
    h.bar(10);
    h.engine.applyTradingState({ from: 'ACTIVE', to: 'REDUCING', by: 'drawdown', reason: 'max drawdown', cancelOpenOrders: false });
    const received = h.broker.requestsReceived;
    h.execute('add', { quantity: 10 });
    h.execute('flip', { side: 'SELL', quantity: 150 });
    h.execute('other', { instrumentId: NIFTY.id, side: 'SELL', quantity: 25 });
    h.execute('trim', { side: 'SELL', quantity: 60, reduceOnly: true });
    assert.equal(h.broker.requestsReceived, received + 1);
    assert.deepEqual(h.of('OrderDenied').map((e) => e.payload.order.clientOrderId), ['add', 'flip', 'other']);
    assert.match(h.of('OrderDenied')[1]?.payload.order.reason ?? '', /REDUCING .*SELL 150 does not reduce the position of 100/);
    h.bar(10);
    assert.equal(h.position(ORCL.id), 40);
    h.engine.applyTradingState({ from: 'REDUCING', to: 'ACTIVE', by: 'operator', reason: 'reviewed', cancelOpenOrders: false });
    assert.equal(h.engine.execute(h.approve('again', { quantity: 10 })), 'submitted');
  });

  it('refuses a replace that raises a quantity unless ACTIVE, but lets it shrink', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('w', { orderType: 'LIMIT', limitPrice: 5, quantity: 100 });
    h.engine.applyTradingState({ from: 'ACTIVE', to: 'HALTED', by: 'risk', reason: 'daily loss', cancelOpenOrders: false });
    assert.equal(h.engine.replace('w', { quantity: 200 }), false);
    assert.equal(h.engine.replace('w', { quantity: 50 }), true);
    assert.equal(h.engine.registry.get('w')?.quantity, 50);
  });

  it('follows TradingStateChanged from the bus: halts, and cancels the named account\'s orders when asked', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.execute('mine', { orderType: 'LIMIT', limitPrice: 5 });
    h.execute('theirs', { orderType: 'LIMIT', limitPrice: 5, accountId: 'other' });
    const risk = createEventFactory('RiskEngine', h.clock, createIdSource(h.clock, 9));
    h.bus.emit(risk.create('TradingStateChanged', {
      from: 'ACTIVE', to: 'HALTED', by: 'max-daily-loss', reason: 'daily loss 2.1% > 2%', cancelOpenOrders: true, accountId: 'acc',
    }, { key: 'acc' }));
    assert.equal(h.engine.tradingState, 'HALTED');
    assert.deepEqual([h.status('mine'), h.status('theirs')], ['CANCELED', 'ACCEPTED']);
    assert.deepEqual(h.of('OrderCancelRequested')[0]?.payload, { clientOrderId: 'mine', reason: 'daily loss 2.1% > 2%', by: 'max-daily-loss' });
    h.execute('late');
    assert.equal(h.status('late'), 'REJECTED');
  });
});
