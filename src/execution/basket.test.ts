import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../bus/index.js';
import type { ApprovedBasket } from '../core/index.js';
import { engineHarness, MINUTE_MS, NIFTY, ORCL } from './engineHarness.test.js';
import type { Harness } from './engineHarness.test.js';

function basketStory(h: Harness): string[] {
  return h.types().filter((type) => type.startsWith('Basket'));
}

async function assertFlat(h: Harness): Promise<void> {
  for (const instrument of [ORCL, NIFTY]) {
    assert.equal(h.position(instrument.id), 0, `${instrument.id} position by execution`);
    assert.equal(await h.brokerPosition(instrument.id), 0, `${instrument.id} position at the broker`);
  }
  assert.deepEqual(h.engine.registry.openOrders(), []);
}

describe('ExecutionEngine baskets', () => {
  it('completes when every leg fills', async () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.sendBasket('hedge', [h.intent('b1-a', { quantity: 100 }), h.intent('b1-b', { instrumentId: NIFTY.id, side: 'SELL', quantity: 50 })]);
    assert.deepEqual(basketStory(h), ['BasketSubmitted']);
    assert.deepEqual(h.of('BasketSubmitted')[0]?.payload, {
      basketId: 'hedge', accountId: 'acc', legs: ['b1-a', 'b1-b'], timeoutMs: 5 * MINUTE_MS, deadlineMs: h.clock.nowMs() + 5 * MINUTE_MS,
    });
    h.bars([[ORCL, 10], [NIFTY, 21_000]]);
    assert.deepEqual(basketStory(h), ['BasketSubmitted', 'BasketCompleted']);
    assert.equal(h.position(ORCL.id), 100);
    assert.equal(h.position(NIFTY.id), -50);
    assert.ok(h.events.filter((e) => e.type.startsWith('Basket')).every((e) => e.correlationId === 'corr-hedge'));
  });

  it('fails when a leg is rejected: cancels the other leg and ends flat with a report', async () => {
    const h = engineHarness({ fillModel: 'next-open', rejectClientIds: ['r-b'] });
    h.sendBasket('rej', [h.intent('r-a', { quantity: 100 }), h.intent('r-b', { instrumentId: NIFTY.id, quantity: 50 })]);
    assert.deepEqual(basketStory(h), ['BasketSubmitted', 'BasketUnwindStarted', 'BasketFailed']);
    assert.equal(h.status('r-a'), 'CANCELED');
    assert.deepEqual(h.of('OrderCancelRequested')[0]?.payload, {
      clientOrderId: 'r-a', by: 'basket', reason: 'basket rej failed: leg r-b rejected: client order id r-b is configured to be rejected',
    });
    assert.deepEqual(h.of('BasketFailed')[0]?.payload, {
      basketId: 'rej', reason: 'leg r-b rejected: client order id r-b is configured to be rejected', unwound: true, unwindOrders: [],
    });
    h.bars([[ORCL, 10], [NIFTY, 21_000]]);
    await assertFlat(h);
  });

  it('fails on timeout: cancels the unfilled leg and flattens the filled one', async () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.sendBasket('slow', [
      h.intent('t-a', { quantity: 100 }),
      h.intent('t-b', { instrumentId: NIFTY.id, quantity: 50, orderType: 'LIMIT', limitPrice: 20_000 }),
    ], 3 * MINUTE_MS);
    h.bars([[ORCL, 10], [NIFTY, 21_000]]);
    h.bars([[ORCL, 10.2], [NIFTY, 21_000]]);
    assert.deepEqual(basketStory(h), ['BasketSubmitted']);
    h.bars([[ORCL, 10.4], [NIFTY, 21_000]]); // the deadline passes at this bar's close
    assert.deepEqual(basketStory(h), ['BasketSubmitted', 'BasketUnwindStarted']);
    assert.equal(h.of('BasketUnwindStarted')[0]?.payload.reason, 'timeout after 180000 ms: leg t-b filled 0 of 50');
    assert.deepEqual(h.engine.registry.get('slow-u1'), {
      ...h.engine.registry.get('slow-u1'), side: 'SELL', type: 'MARKET', quantity: 100, reduceOnly: true, status: 'ACCEPTED',
    });
    h.bars([[ORCL, 10.1], [NIFTY, 21_000]]);
    assert.deepEqual(basketStory(h), ['BasketSubmitted', 'BasketUnwindStarted', 'BasketFailed']);
    assert.deepEqual(h.of('BasketFailed')[0]?.payload, {
      basketId: 'slow', reason: 'timeout after 180000 ms: leg t-b filled 0 of 50', unwound: true, unwindOrders: ['slow-u1'],
    });
    await assertFlat(h);
  });

  it('fails on a partial fill then a rejected slice: cancels the remainder and flattens both legs', async () => {
    const h = engineHarness({ fillModel: 'next-open', maxVolumeShare: 0.1, ordersPerSecond: 1, rejectClientIds: ['p-b-s2'] });
    h.sendBasket('part', [
      h.intent('p-a', { quantity: 300 }),
      h.intent('p-b', { instrumentId: NIFTY.id, side: 'SELL', quantity: 5400 }), // three slices of 1800
    ]);
    // One order a second: p-a goes now, each slice of p-b a bar later.
    h.bars([[ORCL, 10, 1_000], [NIFTY, 21_000, 100_000]]); // p-a fills 100 of 300; p-b-s1 is sent and fills
    assert.deepEqual(basketStory(h), ['BasketSubmitted']);
    h.bars([[ORCL, 10, 1_000], [NIFTY, 21_000, 100_000]]); // p-a fills 200; p-b-s2 is sent and rejected; p-b-s3 never leaves
    assert.deepEqual([h.status('p-a'), h.engine.registry.get('p-a')?.filledQuantity], ['CANCELED', 200]);
    assert.deepEqual([h.status('p-b'), h.engine.registry.get('p-b')?.filledQuantity], ['REJECTED', 1800]);
    assert.deepEqual(h.engine.registry.childrenOf('p-b').map((s) => s.status), ['FILLED', 'REJECTED', 'CANCELED']);
    assert.match(h.of('BasketUnwindStarted')[0]?.payload.reason ?? '', /^leg p-b rejected: slice p-b-s2 rejected/);
    for (let i = 0; i < 4 && h.of('BasketFailed').length === 0; i++) h.bars([[ORCL, 10, 1_000_000], [NIFTY, 21_000, 1_000_000]]);
    assert.deepEqual(h.of('BasketFailed').map((e) => e.payload), [{
      basketId: 'part', reason: h.of('BasketUnwindStarted')[0]!.payload.reason, unwound: true, unwindOrders: ['part-u1', 'part-u2'],
    }]);
    assert.deepEqual(['part-u1', 'part-u2'].map((id) => {
      const order = h.engine.registry.get(id);
      return [order?.instrumentId, order?.side, order?.quantity, order?.reduceOnly];
    }), [[ORCL.id, 'SELL', 200, true], [NIFTY.id, 'BUY', 1800, true]]);
    await assertFlat(h);
    assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
  });

  it('flattens through slices when what filled exceeds the freeze quantity', async () => {
    const h = engineHarness({ fillModel: 'next-open', rejectClientIds: ['s-b'] });
    h.sendBasket('sl', [h.intent('s-a', { instrumentId: NIFTY.id, quantity: 4000 }), h.intent('s-b', { quantity: 10, orderType: 'LIMIT', limitPrice: 1 })]);
    // s-b is rejected at once, before s-a fills: nothing to flatten
    assert.equal(h.of('BasketFailed')[0]?.payload.unwound, true);
    const h2 = engineHarness({ fillModel: 'next-open' });
    h2.sendBasket('sl', [h2.intent('s-a', { instrumentId: NIFTY.id, quantity: 4000 }), h2.intent('s-b', { quantity: 10, orderType: 'LIMIT', limitPrice: 1 })], MINUTE_MS);
    h2.bars([[NIFTY, 21_000], [ORCL, 10]]); // s-a fills; at the ORCL bar the deadline has passed with s-b open
    assert.deepEqual(h2.engine.registry.childrenOf('sl-u1').map((s) => [s.clientOrderId, s.quantity, s.side]), [
      ['sl-u1-s1', 1800, 'SELL'], ['sl-u1-s2', 1800, 'SELL'], ['sl-u1-s3', 400, 'SELL'],
    ]);
    h2.bars([[NIFTY, 21_000], [ORCL, 10]]);
    assert.deepEqual(h2.of('BasketFailed').map((e) => [e.payload.unwound, e.payload.unwindOrders]), [[true, ['sl-u1']]]);
    await assertFlat(h2);
  });

  it('denies every leg of a basket while HALTED: nothing reaches the broker', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.engine.applyTradingState({ from: 'ACTIVE', to: 'HALTED', by: 'operator', reason: 'kill switch', cancelOpenOrders: true });
    h.sendBasket('halt', [h.intent('h-a'), h.intent('h-b', { instrumentId: NIFTY.id, quantity: 50 })]);
    assert.deepEqual(h.types(), ['OrderDenied', 'OrderDenied', 'BasketFailed']);
    assert.equal(h.broker.requestsReceived, 0);
    assert.match(h.of('BasketFailed')[0]?.payload.reason ?? '', /^leg h-a refused: trading is HALTED \(set by operator: kill switch\)/);
  });

  it('reports that it could not unwind when HALTED refuses the flattening order', async () => {
    const h = engineHarness({ fillModel: 'next-open' });
    h.sendBasket('stuck', [h.intent('k-a'), h.intent('k-b', { orderType: 'LIMIT', limitPrice: 1, quantity: 10 })], MINUTE_MS);
    h.engine.applyTradingState({ from: 'ACTIVE', to: 'HALTED', by: 'daily-loss', reason: 'limit breached', cancelOpenOrders: false });
    h.bar(10); // k-a fills (it was already at the broker); the deadline passes
    assert.deepEqual(h.of('BasketFailed').map((e) => [e.payload.unwound, e.payload.unwindOrders]), [[false, ['stuck-u1']]]);
    assert.equal(h.status('stuck-u1'), 'REJECTED');
    assert.equal(h.position(), 100);
  });

  it('refuses a basket the risk engine did not approve, and does not run one twice', () => {
    const h = engineHarness({ fillModel: 'next-open' });
    const forged = { basket: { basketId: 'x', legs: [] }, legs: [], decisionId: 'd' } as unknown as ApprovedBasket;
    h.bus.send(ENDPOINTS.executionExecuteBasket, forged);
    assert.deepEqual(h.of('ErrorRaised').map((e) => [e.payload.code, e.payload.details]), [['UNAPPROVED_BASKET', { basketId: 'x' }]]);
    const basket = h.approveBasket('once', [h.intent('o-a')]);
    h.bus.send(ENDPOINTS.executionExecuteBasket, basket);
    h.bus.send(ENDPOINTS.executionExecuteBasket, basket);
    assert.equal(h.of('BasketSubmitted').length, 1);
    assert.equal(h.broker.requestsReceived, 1);
  });
});
