import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrokerCall, CallFault } from '../adapters/brokers/index.js';
import { engineHarness, MINUTE_MS } from './engineHarness.test.js';

/** A paper broker behind a FaultyBroker that fails one call of one order in the given way (a simulated venue fault, not a mock). */
function faultyHarness(call: BrokerCall, clientOrderId: string, fault: CallFault, brokerTimeoutMs = 30_000) {
  return engineHarness({ fillModel: 'next-open' }, {
    brokerTimeoutMs,
    faults: (c, id) => (c === call && id === clientOrderId ? fault : undefined),
  });
}

describe('ExecutionEngine pending states and reconciliation', () => {
  it('keeps an order whose submit threw SUBMITTED and marked, and settles it as rejected when the broker never saw it', async () => {
    const h = faultyHarness('submit', 'o1', 'throw');
    h.execute('o1');
    assert.equal(h.status('o1'), 'SUBMITTED');
    assert.equal(h.engine.registry.needsReconciliation('o1'), true);
    assert.deepEqual(h.of('OrderReconciliationNeeded')[0]?.payload, {
      clientOrderId: 'o1', action: 'submit', reason: 'broker paper submit failed: submit of o1 failed (simulated fault)',
    });
    assert.equal(await h.engine.reconcileWithBroker(), 1);
    assert.deepEqual(h.types().slice(-2), ['OrderRejected', 'OrderReconciled']);
    assert.equal(h.status('o1'), 'REJECTED');
    assert.deepEqual(h.engine.registry.awaitingReconciliation(), []);
    assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
  });

  it('settles a submit whose answer was lost as accepted when the broker lists it, and fills it afterwards', async () => {
    const h = faultyHarness('submit', 'o1', 'throw-after');
    h.execute('o1');
    assert.equal(h.status('o1'), 'SUBMITTED');
    await h.engine.reconcileWithBroker();
    assert.deepEqual(h.of('OrderReconciled')[0]?.payload, { clientOrderId: 'o1', status: 'ACCEPTED', resolution: 'open at the broker' });
    h.bar(10);
    assert.equal(h.status('o1'), 'FILLED');
  });

  it('marks a cancel nobody answered once the timeout passes on the clock, and settles it from the broker view', async () => {
    const h = faultyHarness('cancel', 'o1', 'silent', 2 * MINUTE_MS);
    h.execute('o1', { orderType: 'LIMIT', limitPrice: 5 });
    h.engine.cancel('o1', 'no longer wanted');
    assert.equal(h.status('o1'), 'PENDING_CANCEL');
    h.bar(10);
    assert.equal(h.engine.registry.needsReconciliation('o1'), false);
    h.bar(10); // two minutes after the request
    assert.deepEqual(h.of('OrderReconciliationNeeded').map((e) => [e.payload.action, e.payload.reason]), [['cancel', 'no answer from broker paper within 120000 ms']]);
    assert.equal(h.status('o1'), 'PENDING_CANCEL');
    await h.engine.reconcileWithBroker();
    assert.deepEqual([h.status('o1'), h.engine.registry.get('o1')?.reason], ['CANCELED', 'closed at the broker (reconciled)']);
  });

  it('returns an order to working when reconciliation finds its failed cancel did not happen', async () => {
    const h = faultyHarness('cancel', 'o1', 'throw');
    h.execute('o1', { orderType: 'LIMIT', limitPrice: 5 });
    h.engine.cancel('o1', 'try');
    assert.equal(h.status('o1'), 'PENDING_CANCEL');
    await h.engine.reconcileWithBroker();
    assert.deepEqual(h.types().slice(-2), ['OrderCancelRejected', 'OrderReconciled']);
    assert.equal(h.status('o1'), 'ACCEPTED');
  });

  it('keeps a replace whose answer was lost PENDING_REPLACE, and takes the quantity the broker shows', async () => {
    const h = faultyHarness('modify', 'o1', 'throw-after');
    h.execute('o1', { orderType: 'LIMIT', limitPrice: 5, quantity: 100 });
    h.engine.replace('o1', { quantity: 60 });
    assert.equal(h.status('o1'), 'PENDING_REPLACE');
    await h.engine.reconcileWithBroker();
    assert.deepEqual([h.status('o1'), h.engine.registry.get('o1')?.quantity], ['ACCEPTED', 60]);
  });

  it('lets a late broker report settle a marked order', () => {
    const h = faultyHarness('submit', 'o1', 'silent', MINUTE_MS);
    h.execute('o1', { orderType: 'LIMIT', limitPrice: 9 });
    h.bar(10); // a minute without an answer: marked
    assert.deepEqual([h.status('o1'), h.engine.registry.needsReconciliation('o1')], ['SUBMITTED', true]);
    h.bar(8.9); // the venue had taken it after all and fills it
    assert.deepEqual(h.types().filter((t) => t.startsWith('OrderRec') || t === 'OrderFilled'), ['OrderReconciliationNeeded', 'OrderFilled', 'OrderReconciled']);
    assert.equal(h.of('OrderReconciled')[0]?.payload.resolution, 'settled by a broker report (FILLED)');
    assert.deepEqual(h.engine.registry.awaitingReconciliation(), []);
  });

  it('cancels after a pending replace is answered, and rebuilds the same registry from its events', () => {
    const h = faultyHarness('modify', 'o1', 'silent');
    h.execute('o1', { orderType: 'LIMIT', limitPrice: 5, quantity: 100 });
    h.engine.replace('o1', { limitPrice: 6 });
    h.engine.cancel('o1', 'kill switch');
    assert.equal(h.status('o1'), 'PENDING_REPLACE');
    h.engine.onReport({ kind: 'replaced', clientOrderId: 'o1', changes: { limitPrice: 6 }, ts: h.clock.nowMs() });
    assert.equal(h.status('o1'), 'CANCELED');
    assert.deepStrictEqual(h.replayed().snapshot(), h.engine.registry.snapshot());
  });
});
