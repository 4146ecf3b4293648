import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../api/index.js';
import { BETA, MINUTE_MS, T0, refusal, startTestNode } from './controlHarness.test.js';

const ALICE: Actor = { username: 'alice', role: 'trader', via: 'token' };

/** A node with one filled order (a, created at T0+2m), then at T0+3m one open order (b) and one sliced open order in BETA (c). */
function withOrders() {
  const t = startTestNode();
  t.bar(100);
  t.bar(20, BETA.id);
  t.signal('BUY', 10, { strategyId: 'a' });
  t.bar(100); // a fills
  t.signal('BUY', 5, { strategyId: 'b' });
  t.signal('BUY', 250, { strategyId: 'c', instrumentId: BETA.id }); // three slices of at most 100
  const [a, b, c] = ['a', 'b', 'c'].map((s) => t.node.orders.all().find((o) => o.strategyId === s && o.parentId === undefined)!);
  return { t, a: a!, b: b!, c: c! };
}

describe('execution control', () => {
  it('reports the broker, its session and the orders by state, counting a sliced order once', () => {
    const { t } = withOrders();
    assert.deepEqual(t.controls.execution.status(), {
      broker: 'paper', brokerSession: 'ok', openOrders: 2, ordersByState: { FILLED: 1, ACCEPTED: 2 }, awaitingReconciliation: 0,
    });
    assert.deepEqual(t.controls.execution.openOrders().map((o) => o.strategyId).sort(), ['b', 'c']);
  });

  it('pages the history newest first with filters, leaving slices out', () => {
    const { t, a, b, c } = withOrders();
    const history = t.controls.execution.history;
    const all = history({ page: 1, pageSize: 50 });
    assert.equal(all.total, 3);
    assert.deepEqual(all.orders.map((o) => o.clientOrderId), [c.clientOrderId, b.clientOrderId, a.clientOrderId]);
    assert.deepEqual(history({ page: 2, pageSize: 2 }).orders.map((o) => o.clientOrderId), [a.clientOrderId]);
    assert.deepEqual(history({ page: 1, pageSize: 50, status: 'FILLED' }).orders.map((o) => o.strategyId), ['a']);
    assert.deepEqual(history({ page: 1, pageSize: 50, instrumentId: BETA.id }).orders.map((o) => o.strategyId), ['c']);
    assert.deepEqual(history({ page: 1, pageSize: 50, strategyId: 'b' }).total, 1);
    assert.deepEqual(history({ page: 1, pageSize: 50, toTs: T0 + 2 * MINUTE_MS }).orders.map((o) => o.strategyId), ['a']);
    assert.deepEqual(history({ page: 1, pageSize: 50, fromTs: T0 + 3 * MINUTE_MS }).total, 2);
    assert.equal(history({ page: 9, pageSize: 50 }).orders.length, 0);
  });

  it('cancels an open order through the execution engine, naming the user', () => {
    const { t, b } = withOrders();
    const order = t.controls.execution.cancel(b.clientOrderId, ALICE);
    assert.equal(order.clientOrderId, b.clientOrderId);
    const request = t.ofType('OrderCancelRequested').at(-1)!;
    assert.equal(request.payload.by, 'alice');
    assert.equal(request.payload.clientOrderId, b.clientOrderId);
    assert.equal(t.controls.execution.order(b.clientOrderId)?.status, 'CANCELED');
  });

  it('cancels every slice of a sliced order', () => {
    const { t, c } = withOrders();
    t.controls.execution.cancel(c.clientOrderId, ALICE);
    assert.equal(t.controls.execution.order(c.clientOrderId)?.status, 'CANCELED');
    assert.equal(t.node.orders.childrenOf(c.clientOrderId).filter((o) => o.status !== 'CANCELED').length, 0);
  });

  it('refuses an unknown order as NOT_FOUND and a closed one as CONFLICT, asking the broker nothing', () => {
    const { t, a } = withOrders();
    const before = t.broker.requestsReceived;
    const unknown = refusal(() => t.controls.execution.cancel('nope', ALICE));
    assert.deepEqual([unknown.code, unknown.field], ['NOT_FOUND', 'clientOrderId']);
    const filled = refusal(() => t.controls.execution.cancel(a.clientOrderId, ALICE));
    assert.equal(filled.code, 'CONFLICT');
    assert.match(filled.message, /is FILLED/);
    assert.equal(t.broker.requestsReceived, before);
  });

  it('cancel-all asks for every open order (each slice) and says how many', () => {
    const { t } = withOrders();
    assert.deepEqual(t.controls.execution.cancelAll(ALICE), { requested: 4 });
    assert.equal(t.controls.execution.openOrders().length, 0);
    assert.ok(t.ofType('OrderCancelRequested').every((e) => e.payload.by === 'alice'));
    assert.deepEqual(t.controls.execution.cancelAll(ALICE), { requested: 0 });
  });
});
