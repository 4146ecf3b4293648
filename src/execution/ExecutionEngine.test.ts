import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaperBroker } from '../adapters/brokers/index.js';
import type { PaperBrokerConfig } from '../adapters/brokers/index.js';
import { ENDPOINTS, InProcessMessageBus } from '../bus/index.js';
import { createApprovalAuthority, createIdSource, createInstrument, SimulatedClock, silentLogger } from '../core/index.js';
import type { AnyEvent, ApprovedTrade, EventType, InstrumentProvider, TradeIntent } from '../core/index.js';
import { ExecutionEngine } from './ExecutionEngine.js';
import { OrderRegistry } from './OrderRegistry.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const instruments: InstrumentProvider = { get: (id) => (id === ORCL.id ? ORCL : undefined), all: () => [ORCL] };

function intentOf(intentId: string, spec: Partial<TradeIntent> = {}): TradeIntent {
  return {
    intentId, signalId: `s-${intentId}`, accountId: 'acc', strategyId: 'sma', instrumentId: ORCL.id, action: 'BUY', side: 'BUY',
    quantity: 100, orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 1, timeframe: '1d', ts: T0,
    correlationId: `corr-${intentId}`, reason: 'test', ...spec,
  };
}

function harness(config: PaperBrokerConfig = { fillModel: 'next-open' }) {
  const clock = new SimulatedClock(T0);
  const bus = new InProcessMessageBus();
  const events: AnyEvent[] = [];
  bus.subscribeEvents((event) => events.push(event));
  const broker = new PaperBroker({ clock, instruments, config });
  const authority = createApprovalAuthority();
  const engine = new ExecutionEngine({ bus, clock, ids: createIdSource(clock, 1), logger: silentLogger, broker, verify: authority.verify, instruments });
  engine.start();
  return {
    clock, bus, events, broker, engine,
    approve: (intentId: string, spec: Partial<TradeIntent> = {}): ApprovedTrade => {
      const intent = intentOf(intentId, spec);
      return authority.approve(intent, intent.quantity, `d-${intentId}`);
    },
    bar(day: number, price: number, volume = 1_000_000): void {
      clock.advanceTo(T0 + (day + 1) * DAY_MS);
      broker.onBar({ instrumentId: ORCL.id, timeframe: '1d', ts: T0 + day * DAY_MS, open: price, high: price, low: price, close: price, volume });
    },
    of<T extends EventType>(type: T): Extract<AnyEvent, { type: T }>[] {
      return events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);
    },
  };
}

describe('ExecutionEngine', () => {
  it('refuses a hand-made trade with the approved shape: ErrorRaised, and nothing reaches the broker', async () => {
    const h = harness();
    const forged = Object.freeze({ intent: intentOf('i1'), quantity: 100, decisionId: 'd1' }) as unknown as ApprovedTrade;
    h.bus.send(ENDPOINTS.executionExecute, forged);
    assert.equal(h.engine.execute(forged), 'unapproved');
    assert.deepEqual(h.events.map((e) => e.type), ['ErrorRaised', 'ErrorRaised']);
    assert.deepEqual(h.of('ErrorRaised')[0]?.payload, {
      component: 'ExecutionEngine', code: 'UNAPPROVED_TRADE', message: 'trade was not approved by the risk engine; refused',
      details: { intentId: 'i1', instrumentId: ORCL.id },
    });
    assert.deepEqual(await h.broker.openOrders(), []);
    assert.deepEqual(h.engine.registry.all(), []);
  });

  it('submits an approved trade as an order whose id is the intent id, applied before it is emitted', () => {
    const h = harness();
    let statusSeenBySubscriber: string | undefined;
    h.bus.subscribe('OrderAccepted', (event) => {
      statusSeenBySubscriber = h.engine.registry.get(event.payload.clientOrderId)?.status;
    });
    h.bus.send(ENDPOINTS.executionExecute, h.approve('i1', { orderType: 'LIMIT', limitPrice: 9.5, reduceOnly: true }));
    const [submitted] = h.of('OrderSubmitted');
    const [accepted] = h.of('OrderAccepted');
    assert.ok(submitted && accepted);
    assert.deepEqual(
      [submitted.key, submitted.correlationId, submitted.causationId, submitted.idempotencyKey, submitted.source],
      [ORCL.id, 'corr-i1', 'd-i1', 'order:i1:submitted', 'ExecutionEngine'],
    );
    assert.deepEqual(submitted.payload.order, {
      clientOrderId: 'i1', intentId: 'i1', accountId: 'acc', strategyId: 'sma', instrumentId: ORCL.id, side: 'BUY', type: 'LIMIT',
      quantity: 100, limitPrice: 9.5, timeInForce: 'GTC', status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
      correlationId: 'corr-i1', reduceOnly: true, createdTs: T0, updatedTs: T0,
    });
    assert.deepEqual([accepted.payload, accepted.causationId, accepted.idempotencyKey], [
      { clientOrderId: 'i1', brokerOrderId: 'paper-1' }, submitted.id, 'order:i1:accepted',
    ]);
    assert.equal(statusSeenBySubscriber, 'ACCEPTED');
  });

  it('does not send a second order when the same intent is executed again', async () => {
    const h = harness();
    const trade = h.approve('i1');
    assert.equal(h.engine.execute(trade), 'submitted');
    assert.equal(h.engine.execute(trade), 'duplicate');
    assert.equal(h.engine.execute(h.approve('i1')), 'duplicate');
    assert.equal(h.of('OrderSubmitted').length, 1);
    assert.equal((await h.broker.openOrders()).length, 1);
  });

  it('handles reports the broker delivers from inside submit, in a deterministic order', () => {
    const h = harness({ fillModel: 'close', commission: { perOrderMinor: 35 } });
    h.bar(0, 10.5);
    h.engine.execute(h.approve('i1'));
    assert.deepEqual(h.events.map((e) => e.type), ['OrderSubmitted', 'OrderAccepted', 'OrderFilled']);
    const [filled] = h.of('OrderFilled');
    assert.deepEqual(filled?.payload, {
      clientOrderId: 'i1', fillId: 'i1-f1', accountId: 'acc', strategyId: 'sma', instrumentId: ORCL.id, side: 'BUY', quantity: 100,
      price: 10.5, commissionMinor: 35, currency: 'USD', leavesQuantity: 0, fillTs: T0 + DAY_MS,
    });
    assert.equal(filled?.idempotencyKey, 'fill:i1-f1');
    assert.equal(filled?.causationId, h.of('OrderAccepted')[0]?.id);
    assert.equal(h.engine.registry.get('i1')?.status, 'FILLED');
  });

  it('ignores a fill report it has already applied', () => {
    const h = harness({ fillModel: 'close' });
    h.bar(0, 10.5);
    h.engine.execute(h.approve('i1', { quantity: 100 }));
    const before = h.events.length;
    h.engine.onReport({ kind: 'filled', clientOrderId: 'i1', fillId: 'i1-f1', quantity: 100, price: 10.5, commissionMinor: 0, ts: T0 });
    assert.equal(h.events.length, before);
    assert.equal(h.engine.registry.get('i1')?.filledQuantity, 100);
  });

  it('turns an impossible report into OrderTransitionRefused and changes nothing', () => {
    const h = harness();
    h.engine.execute(h.approve('i1'));
    const before = structuredClone(h.engine.registry.snapshot());
    h.engine.onReport({ kind: 'filled', clientOrderId: 'i1', fillId: 'x-1', quantity: 150, price: 10, commissionMinor: 0, ts: T0 });
    h.engine.onReport({ kind: 'accepted', clientOrderId: 'ghost', brokerOrderId: 'b', ts: T0 });
    assert.deepEqual(h.of('OrderTransitionRefused').map((e) => [e.payload.clientOrderId, e.payload.status, e.payload.attempted]), [
      ['i1', 'ACCEPTED', 'FILL'], ['ghost', 'UNKNOWN', 'ACCEPT'],
    ]);
    assert.deepStrictEqual(h.engine.registry.snapshot(), before);
  });

  it('cancels through the endpoint: OrderCancelRequested, then the broker confirms', () => {
    const h = harness();
    h.engine.execute(h.approve('i1', { orderType: 'LIMIT', limitPrice: 9 }));
    h.bus.send(ENDPOINTS.executionCancel, { clientOrderId: 'i1', reason: 'signal reversed' });
    assert.deepEqual(h.events.slice(-2).map((e) => [e.type, e.idempotencyKey]), [
      ['OrderCancelRequested', `order:i1:cancel-requested:${T0}`], ['OrderCanceled', 'order:i1:canceled'],
    ]);
    assert.equal(h.engine.registry.get('i1')?.status, 'CANCELED');
  });

  it('refuses to cancel a filled order without asking the broker', () => {
    const h = harness();
    h.engine.execute(h.approve('i1'));
    h.bar(0, 10);
    const before = h.events.length;
    assert.equal(h.engine.cancel('i1', 'too late'), false);
    assert.deepEqual(h.events.slice(before).map((e) => e.type), ['OrderTransitionRefused']);
    assert.deepEqual(h.of('OrderTransitionRefused')[0]?.payload, {
      clientOrderId: 'i1', status: 'FILLED', attempted: 'CANCEL_REQUEST', reason: 'transition CANCEL_REQUEST is not allowed from FILLED',
    });
  });

  it('denies an order for an instrument it does not know without calling the broker', async () => {
    const h = harness();
    assert.equal(h.engine.execute(h.approve('i1', { instrumentId: 'NOPE.XX' })), 'denied');
    assert.deepEqual(h.events.map((e) => e.type), ['OrderDenied']);
    assert.equal(h.engine.registry.get('i1')?.status, 'REJECTED');
    assert.equal(h.engine.registry.get('i1')?.reason, 'unknown instrument NOPE.XX');
    assert.deepEqual(await h.broker.openOrders(), []);
  });

  it('produces a log that rebuilds an equal registry and is identical on every run', () => {
    const run = (): { events: AnyEvent[]; engine: ExecutionEngine } => {
      const h = harness({ fillModel: 'next-open', maxVolumeShare: 0.1 });
      h.bus.send(ENDPOINTS.executionExecute, h.approve('a', { quantity: 250 }));
      h.bus.send(ENDPOINTS.executionExecute, h.approve('b', { orderType: 'LIMIT', limitPrice: 9 }));
      h.bus.send(ENDPOINTS.executionExecute, h.approve('c', { orderType: 'LIMIT' }));
      h.bar(0, 10, 1_000);
      h.engine.replace('b', { limitPrice: 9.5 });
      h.bus.send(ENDPOINTS.executionExecute, h.approve('d', { side: 'SELL', quantity: 50, timeInForce: 'IOC' }));
      h.bar(1, 11, 1_000);
      h.engine.cancel('a', 'enough');
      h.engine.cancel('c', 'already rejected');
      h.bar(2, 9.4, 1_000);
      return { events: h.events, engine: h.engine };
    };
    const { events, engine } = run();
    assert.ok(events.some((e) => e.type === 'OrderFilled') && events.some((e) => e.type === 'OrderTransitionRefused'));
    const replayed = new OrderRegistry({ quantityPrecisionOf: (id) => instruments.get(id)?.quantityPrecision });
    for (const event of JSON.parse(JSON.stringify(events)) as AnyEvent[]) replayed.apply(event);
    assert.deepStrictEqual(replayed.snapshot(), engine.registry.snapshot());
    assert.deepEqual(engine.registry.all().map((o) => [o.clientOrderId, o.status, o.filledQuantity]), [
      ['a', 'CANCELED', 200], ['b', 'FILLED', 100], ['c', 'REJECTED', 0], ['d', 'CANCELED', 0],
    ]);
    assert.equal(JSON.stringify(run().events), JSON.stringify(events));
  });
});
