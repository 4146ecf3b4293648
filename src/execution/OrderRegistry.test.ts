import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createEventFactory, createIdSource, createInstrument, ORDER_EVENT_KINDS, ORDER_STATUSES, ORDER_TRANSITIONS, SimulatedClock } from '../core/index.js';
import type { AnyEvent, EventPayloads, EventType, Order, OrderEventKind, OrderStatus } from '../core/index.js';
import { OrderRegistry } from './OrderRegistry.js';

const clock = new SimulatedClock(1_700_000_000_000);
const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ' });
const factory = createEventFactory('test', clock, createIdSource(clock, 7));

function event<T extends EventType>(type: T, payload: EventPayloads[T]): AnyEvent {
  return factory.create(type, payload, { key: 'ORCL.NASDAQ', correlationId: 'c1' }) as unknown as AnyEvent;
}

function order(overrides: Partial<Order> = {}): Order {
  return {
    clientOrderId: 'o1', intentId: 'o1', accountId: 'acc', strategyId: 'sma', instrumentId: 'ORCL.NASDAQ', side: 'BUY',
    type: 'LIMIT', quantity: 10, limitPrice: 20, timeInForce: 'GTC', status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
    correlationId: 'c1', reduceOnly: false, createdTs: 0, updatedTs: 0, ...overrides,
  };
}

let fillSeq = 0;
function fill(quantity: number, price = 20, clientOrderId = 'o1', fillId = `f${++fillSeq}`): AnyEvent {
  return event('OrderFilled', {
    clientOrderId, fillId, accountId: 'acc', strategyId: 'sma', instrumentId: 'ORCL.NASDAQ', side: 'BUY', quantity, price,
    commissionMinor: 0, currency: 'USD', leavesQuantity: 0, fillTs: 0,
  });
}

/** An event of each state-machine kind for order o1 (10 ordered, `filled` already filled). */
function eventOfKind(kind: OrderEventKind, filled: number): AnyEvent {
  const clientOrderId = 'o1';
  switch (kind) {
    case 'SUBMIT': return event('OrderSubmitted', { order: order() });
    case 'ACCEPT': return event('OrderAccepted', { clientOrderId, brokerOrderId: 'b1' });
    case 'REJECT': return event('OrderRejected', { clientOrderId, reason: 'no' });
    case 'PARTIAL_FILL': return fill(1);
    case 'FILL': return fill(Math.max(1, 10 - filled));
    case 'CANCEL_REQUEST': return event('OrderCancelRequested', { clientOrderId, reason: 'user' });
    case 'CANCEL': return event('OrderCanceled', { clientOrderId, reason: 'user' });
    case 'CANCEL_REJECT': return event('OrderCancelRejected', { clientOrderId, reason: 'too late' });
    case 'REPLACE_REQUEST': return event('OrderReplaceRequested', { clientOrderId, limitPrice: 21 });
    case 'REPLACE': return event('OrderReplaced', { clientOrderId, quantity: 10, limitPrice: 21 });
    case 'REPLACE_REJECT': return event('OrderReplaceRejected', { clientOrderId, reason: 'no' });
    case 'EXPIRE': return event('OrderExpired', { clientOrderId });
  }
}

function registryWith(status: OrderStatus, filled: number): OrderRegistry {
  const registry = new OrderRegistry({ quantityPrecisionOf: () => 0 });
  registry.restore({
    version: 2, orders: [order({ status, filledQuantity: filled, avgFillPrice: filled > 0 ? 20 : 0 })], parents: [], fillIds: [], lastEventIds: [], needsReconciliation: [],
  });
  return registry;
}

/** Every status, with nothing filled and (where it can be) partly filled, so WORKING targets are both exercised. */
type Start = readonly [OrderStatus, number];
const STARTS: readonly Start[] = ORDER_STATUSES.flatMap((status): Start[] => {
  if (status === 'PARTIALLY_FILLED') return [[status, 4]];
  if (status === 'FILLED') return [[status, 10]];
  if (status === 'PENDING_CANCEL' || status === 'PENDING_REPLACE') return [[status, 0], [status, 4]];
  return [[status, 0]];
});

describe('OrderRegistry', () => {
  describe('the transition table', () => {
    for (const [status, filled] of STARTS) {
      for (const kind of ORDER_EVENT_KINDS) {
        const target = ORDER_TRANSITIONS[status][kind];
        if (target === undefined) {
          it(`refuses ${kind} from ${status} (${filled} filled) and leaves the registry exactly as it was`, () => {
            const registry = registryWith(status, filled);
            const before = structuredClone(registry.snapshot());
            const result = registry.apply(eventOfKind(kind, filled));
            assert.equal(result.ok, false);
            if (!result.ok) {
              assert.equal(result.status, status);
              // A fill is FILL or PARTIAL_FILL by what it leaves, so an overfill of a FILLED order reads as FILL.
              const fillKinds = ['FILL', 'PARTIAL_FILL'];
              assert.ok(result.attempted === kind || (fillKinds.includes(kind) && fillKinds.includes(result.attempted)));
            }
            assert.deepStrictEqual(registry.snapshot(), before);
          });
        } else {
          const expected = target === 'WORKING' ? (filled > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED') : target;
          it(`moves ${status} (${filled} filled) on ${kind} to ${expected}`, () => {
            const registry = registryWith(status, filled);
            const result = registry.apply(eventOfKind(kind, filled));
            assert.equal(result.ok, true, result.ok ? '' : result.reason);
            assert.equal(registry.get('o1')?.status, expected);
          });
        }
      }
    }
  });

  it('creates a SUBMITTED order from OrderSubmitted and indexes it', () => {
    const registry = new OrderRegistry();
    const result = registry.apply(event('OrderSubmitted', { order: order({ status: 'INITIALIZED' }) }));
    assert.equal(result.ok && result.change, 'applied');
    assert.equal(registry.get('o1')?.status, 'SUBMITTED');
    registry.apply(event('OrderAccepted', { clientOrderId: 'o1', brokerOrderId: 'B-9' }));
    assert.equal(registry.byBrokerId('B-9')?.clientOrderId, 'o1');
    assert.deepEqual(registry.byCorrelation('c1').map((o) => o.clientOrderId), ['o1']);
    assert.deepEqual(registry.byInstrument('ORCL.NASDAQ').map((o) => o.clientOrderId), ['o1']);
    assert.deepEqual(registry.byState('ACCEPTED').map((o) => o.clientOrderId), ['o1']);
    assert.deepEqual(registry.byState('SUBMITTED'), []);
  });

  it('refuses a fill that would overfill the order and changes nothing', () => {
    const registry = registryWith('ACCEPTED', 0);
    registry.apply(fill(7));
    const before = structuredClone(registry.snapshot());
    const result = registry.apply(fill(4));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /overfills/);
    assert.deepStrictEqual(registry.snapshot(), before);
  });

  it('ignores a fill whose fillId was already applied', () => {
    const registry = registryWith('ACCEPTED', 0);
    const first = fill(3, 20, 'o1', 'dup');
    registry.apply(first);
    const before = structuredClone(registry.snapshot());
    const again = registry.apply(fill(3, 20, 'o1', 'dup'));
    assert.equal(again.ok && again.change, 'duplicate');
    assert.equal(registry.get('o1')?.filledQuantity, 3);
    assert.deepStrictEqual(registry.snapshot(), before);
  });

  it('sums fractional fills exactly on the quantity grid and fills when nothing remains', () => {
    const registry = new OrderRegistry({ quantityPrecisionOf: () => 1 });
    registry.apply(event('OrderSubmitted', { order: order({ quantity: 0.3 }) }));
    registry.apply(fill(0.1, 10));
    registry.apply(fill(0.2, 13));
    const filled = registry.get('o1');
    assert.equal(filled?.filledQuantity, 0.3);
    assert.equal(filled?.status, 'FILLED');
    assert.ok(Math.abs((filled?.avgFillPrice ?? 0) - 12) < 1e-12);
  });

  it('refuses events for an unknown order', () => {
    const registry = new OrderRegistry();
    const result = registry.apply(event('OrderAccepted', { clientOrderId: 'nope', brokerOrderId: 'b' }));
    assert.deepEqual(result.ok ? undefined : [result.status, result.attempted], ['UNKNOWN', 'ACCEPT']);
    assert.deepEqual(registry.all(), []);
  });

  it('ignores events that are not about orders', () => {
    const registry = new OrderRegistry();
    const result = registry.apply(event('ErrorRaised', { component: 'x', code: 'Y', message: 'z' }));
    assert.equal(result.ok && result.change, 'ignored');
  });

  it('keeps open orders in an open set that filters by account, strategy and instrument', () => {
    const registry = new OrderRegistry();
    registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 'a' }) }));
    registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 'b', strategyId: 'rsi' }) }));
    registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 'c', instrumentId: 'MSFT.NASDAQ' }) }));
    assert.equal(registry.openCount(), 3);
    assert.deepEqual(registry.openOrders({ strategyId: 'rsi' }).map((o) => o.clientOrderId), ['b']);
    assert.deepEqual(registry.openOrders({ instrumentId: 'ORCL.NASDAQ' }).map((o) => o.clientOrderId), ['a', 'b']);
    registry.apply(event('OrderCanceled', { clientOrderId: 'a', reason: 'user' }));
    assert.deepEqual(registry.openOrders().map((o) => o.clientOrderId), ['b', 'c']);
    assert.deepEqual(registry.all().map((o) => o.clientOrderId), ['a', 'b', 'c']);
  });

  it('restores from a JSON round trip of its snapshot to an equal registry', () => {
    const registry = registryWith('ACCEPTED', 0);
    registry.apply(fill(2));
    registry.apply(event('OrderCancelRequested', { clientOrderId: 'o1', reason: 'user' }));
    const restored = new OrderRegistry();
    restored.restore(JSON.parse(JSON.stringify(registry.snapshot())));
    assert.deepStrictEqual(restored.snapshot(), registry.snapshot());
    assert.deepEqual(restored.openOrders().map((o) => o.status), ['PENDING_CANCEL']);
  });

  it('never overfills and never changes on a refusal, whatever the sequence of events', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...ORDER_EVENT_KINDS), { maxLength: 30 }), (kinds) => {
      const registry = new OrderRegistry({ quantityPrecisionOf: () => 0 });
      registry.apply(event('OrderSubmitted', { order: order() }));
      for (const kind of kinds) {
        const current = registry.get('o1')!;
        const before = structuredClone(registry.snapshot());
        const result = registry.apply(eventOfKind(kind, current.filledQuantity));
        if (!result.ok) assert.deepStrictEqual(registry.snapshot(), before);
        const after = registry.get('o1')!;
        assert.ok(after.filledQuantity <= after.quantity);
        assert.equal(registry.openOrders().length, after.status === 'FILLED' || after.status === 'CANCELED'
          || after.status === 'REJECTED' || after.status === 'EXPIRED' ? 0 : 1);
      }
    }), { seed: 42, numRuns: 300 });
  });

  describe('sliced parents, reconciliation flags and potential exposure', () => {
    const slice = (id: string, quantity: number): Order => order({ clientOrderId: id, quantity, parentId: 'p', status: 'INITIALIZED' });
    const sliced = (): OrderRegistry => {
      const registry = new OrderRegistry({ quantityPrecisionOf: () => 0 });
      registry.apply(event('OrderSliced', { parent: order({ clientOrderId: 'p', quantity: 30 }), slices: [slice('p-s1', 20), slice('p-s2', 10)] }));
      return registry;
    };

    it('derives the parent from its slices as they are sent, accepted and filled', () => {
      const registry = sliced();
      const parent = (): string => `${registry.get('p')?.status} ${registry.get('p')?.filledQuantity}`;
      assert.deepEqual(registry.childrenOf('p').map((o) => o.status), ['INITIALIZED', 'INITIALIZED']);
      assert.equal(parent(), 'SUBMITTED 0');
      registry.apply(event('OrderSubmitted', { order: slice('p-s1', 20) }));
      registry.apply(event('OrderAccepted', { clientOrderId: 'p-s1', brokerOrderId: 'b1' }));
      assert.equal(parent(), 'ACCEPTED 0');
      registry.apply(fill(5, 20, 'p-s1'));
      assert.equal(parent(), 'PARTIALLY_FILLED 5');
      registry.apply(fill(15, 20, 'p-s1'));
      registry.apply(event('OrderSubmitted', { order: slice('p-s2', 10) }));
      registry.apply(fill(10, 21, 'p-s2'));
      assert.equal(parent(), 'FILLED 30');
      assert.ok(Math.abs((registry.get('p')?.avgFillPrice ?? 0) - 61 / 3) < 1e-9);
      assert.equal(registry.netFilled('acc', 'ORCL.NASDAQ'), 30);
    });

    it('reports the parent rejected, with what filled, once a rejected slice leaves nothing open', () => {
      const registry = sliced();
      registry.apply(event('OrderSubmitted', { order: slice('p-s1', 20) }));
      registry.apply(fill(20, 20, 'p-s1'));
      registry.apply(event('OrderRejected', { clientOrderId: 'p-s2', reason: 'no margin' }));
      assert.deepEqual([registry.get('p')?.status, registry.get('p')?.filledQuantity, registry.get('p')?.reason], ['REJECTED', 20, 'slice p-s2 rejected: no margin']);
      assert.deepEqual(registry.openOrders(), []);
    });

    it('lists a sliced order once in openOrders (its parent) and by slice in openBrokerOrders', () => {
      const registry = sliced();
      assert.deepEqual(registry.openOrders().map((o) => o.clientOrderId), ['p']);
      assert.deepEqual(registry.openBrokerOrders().map((o) => o.clientOrderId), ['p-s1', 'p-s2']);
      assert.equal(registry.openCount(), 3);
    });

    it('refuses to slice into an order id that exists', () => {
      const registry = sliced();
      const before = structuredClone(registry.snapshot());
      const again = registry.apply(event('OrderSliced', { parent: order({ clientOrderId: 'q', quantity: 10 }), slices: [slice('p-s1', 10)] }));
      assert.equal(again.ok, false);
      assert.deepStrictEqual(registry.snapshot(), before);
    });

    it('keeps reconciliation flags as a fold of their events', () => {
      const registry = registryWith('SUBMITTED', 0);
      registry.apply(event('OrderReconciliationNeeded', { clientOrderId: 'o1', action: 'submit', reason: 'timeout' }));
      assert.deepEqual([registry.needsReconciliation('o1'), registry.awaitingReconciliation().length], [true, 1]);
      registry.apply(event('OrderReconciled', { clientOrderId: 'o1', status: 'SUBMITTED', resolution: 'x' }));
      assert.deepEqual([registry.needsReconciliation('o1'), registry.awaitingReconciliation().length], [false, 0]);
    });

    it('restores parents, fills and flags from a JSON round trip of its snapshot', () => {
      const registry = sliced();
      registry.apply(event('OrderSubmitted', { order: slice('p-s1', 20) }));
      registry.apply(event('OrderAccepted', { clientOrderId: 'p-s1', brokerOrderId: 'B-1' }));
      registry.apply(fill(7, 20, 'p-s1'));
      registry.apply(event('OrderReconciliationNeeded', { clientOrderId: 'p-s1', action: 'cancel', reason: 'threw' }));
      const restored = new OrderRegistry({ quantityPrecisionOf: () => 0 });
      restored.restore(JSON.parse(JSON.stringify(registry.snapshot())));
      assert.deepStrictEqual(restored.snapshot(), registry.snapshot());
      assert.equal(restored.byBrokerId('B-1')?.clientOrderId, 'p-s1');
      assert.deepEqual(restored.openOrders().map((o) => o.clientOrderId), ['p']);
      assert.equal(restored.netFilled('acc', 'ORCL.NASDAQ'), 7);
      restored.apply(fill(13, 20, 'p-s1'));
      assert.equal(restored.get('p')?.filledQuantity, 20);
      assert.equal(restored.apply(fill(1, 20, 'p-s1', 'f-dup-check')).ok, false);
    });

    it('sums what open orders would add if all filled, by side, with notional at a price', () => {
      const registry = new OrderRegistry({ instruments: { get: (id) => (id === ORCL.id ? ORCL : undefined), all: () => [ORCL] } });
      registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 'b1', quantity: 10, instrumentId: ORCL.id }) }));
      registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 's1', side: 'SELL', quantity: 4, instrumentId: ORCL.id, reduceOnly: true }) }));
      registry.apply(event('OrderSubmitted', { order: order({ clientOrderId: 'x1', accountId: 'other', quantity: 99, instrumentId: ORCL.id }) }));
      registry.apply(fill(3, 20, 'b1'));
      assert.deepEqual(registry.potentialExposure('acc', ORCL.id, () => 20.5), {
        buyQuantity: 7, sellQuantity: 4, netQuantity: 3, buyNotionalMinor: 14_350, sellNotionalMinor: 8_200, netNotionalMinor: 6_150, orders: 2,
      });
      assert.deepEqual(registry.potentialExposure('acc').netNotionalMinor, 0);
      assert.deepEqual(registry.potentialExposure('nobody').orders, 0);
    });
  });
});
