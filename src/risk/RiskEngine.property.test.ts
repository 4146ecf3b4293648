/**
 * The property, for risk: random sequences of signals, bars (fills and partial fills), cancels, broker
 * rejects, redelivered signals and intents, driven through a real node (createNode, PaperBroker, synthetic
 * prices), never produce an order that breaks a configured limit and never create two orders for one intent.
 * Each limit is re-computed here from the node's registry and portfolio, independently of the rules.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MemoryEventStore, PaperBroker } from '../adapters/index.js';
import { createNode, type TradingNode } from '../app/index.js';
import { ENDPOINTS } from '../bus/index.js';
import {
  ACCOUNT_BOOK, createEventFactory, createIdSource, createInstrument, createInstrumentProvider, silentLogger, SimulatedClock,
  type EventEnvelope, type Order, type Signal, type SignalAction, type TradeIntent,
} from '../core/index.js';
import { ExchangeCalendar } from '../data/index.js';
import { parseRiskConfig } from './riskConfig.js';

const A = createInstrument({ symbol: 'SYN', exchange: 'SIM' });
/** Marked in the portfolio but never quoted at the broker: market orders in it are rejected by the broker. */
const B = createInstrument({ symbol: 'NOBAR', exchange: 'SIM' });
const ACCOUNT = 'prop';
const START_MS = Date.UTC(2024, 0, 2, 14, 30);
const LIMITS = { positionPct: 20, grossPct: 50, netPct: 40, orderQuantity: 400, booksPerInstrument: 2, ordersPerDay: 60, rate: 3, rateWindowMs: 60_000 };

const RISK = parseRiskConfig({
  rules: {
    minConfidence: { min: 0.5 },
    duplicateSignal: { windowMs: 30_000 },
    orderRateLimit: { maxOrders: LIMITS.rate, windowMs: LIMITS.rateWindowMs },
    maxOrdersPerDay: { limit: LIMITS.ordersPerDay },
    maxOrderQuantity: { limit: LIMITS.orderQuantity },
    maxOpenPositionsPerInstrument: { limit: LIMITS.booksPerInstrument },
    maxPositionPct: { limitPct: LIMITS.positionPct },
    maxGrossExposure: { limitPct: LIMITS.grossPct },
    maxNetExposure: { limitPct: LIMITS.netPct },
    liquidityGuard: { maxPctOfAvgVolume: 50 },
    maxDailyLoss: { enabled: false },
    maxDrawdown: { enabled: false },
  },
});

type Step =
  | { readonly kind: 'signal'; readonly strategy: number; readonly onB: boolean; readonly action: SignalAction; readonly confidence: number; readonly quantity: number | undefined }
  | { readonly kind: 'bar'; readonly moveTicks: number; readonly volume: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'redeliverSignal'; readonly pick: number }
  | { readonly kind: 'redeliverIntent'; readonly pick: number }
  | { readonly kind: 'markB'; readonly price: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant('signal' as const), strategy: fc.integer({ min: 0, max: 3 }), onB: fc.boolean(), action: fc.constantFrom<SignalAction>('BUY', 'SELL', 'SHORT', 'COVER'),
    confidence: fc.double({ min: 0.4, max: 1, noNaN: true }), quantity: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
  }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bar' as const), moveTicks: fc.integer({ min: -300, max: 300 }), volume: fc.integer({ min: 0, max: 2_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliverSignal' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('redeliverIntent' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markB' as const), price: fc.integer({ min: 5_000, max: 15_000 }).map((c) => c / 100) }) },
);

/** A node as the app builds it, with a paper broker that fills at the next open and at most 30% of a bar's volume. */
function buildWorld() {
  const clock = new SimulatedClock(START_MS);
  const ids = createIdSource(clock, 5);
  const instruments = createInstrumentProvider([A, B]);
  const broker = new PaperBroker({ clock, instruments, config: { fillModel: 'next-open', maxVolumeShare: 0.3, rejectWhenNoMarket: true } });
  const node = createNode(
    { clock, ids, logger: silentLogger, broker, simulatedMarket: broker, store: new MemoryEventStore(), instruments, calendar: new ExchangeCalendar({}) },
    { accountId: ACCOUNT, currency: 'USD', startingCashMinor: 10_000_000, sizing: { mode: 'fixed-quantity', quantity: 100 }, pyramiding: true, timeInForce: 'GTC', risk: RISK },
  );
  const factory = createEventFactory('test', clock, ids);
  const signals: EventEnvelope<'SignalReceived'>[] = [];
  const intents: TradeIntent[] = [];
  node.bus.subscribe('TradeIntentCreated', (e) => intents.push(e.payload.intent));
  let price = 100;
  let count = 0;
  const apply = (step: Step): void => {
    switch (step.kind) {
      case 'signal': {
        count += 1;
        const signal: Signal = {
          signalId: `sig-${count}`, strategyId: `s${step.strategy}`, instrumentId: step.onB ? B.id : A.id, action: step.action, confidence: step.confidence,
          reason: 'property', timeframe: '1m', ts: clock.nowMs(), origin: 'manual', ...(step.quantity !== undefined ? { quantity: step.quantity } : {}),
        };
        const event = factory.create('SignalReceived', { signal }, { key: signal.instrumentId });
        signals.push(event);
        node.bus.emit(event);
        break;
      }
      case 'bar': {
        clock.advanceTo(clock.nowMs() + 60_000);
        const open = price;
        price = Math.max(1, Math.round(price * 100 + step.moveTicks) / 100);
        node.onBar({ instrumentId: A.id, timeframe: '1m', ts: clock.nowMs() - 59_999, open, high: Math.max(open, price), low: Math.min(open, price), close: price, volume: step.volume });
        break;
      }
      case 'cancel': {
        const open = node.orders.openOrders();
        const order = open[step.pick % Math.max(1, open.length)];
        if (order !== undefined) node.bus.send(ENDPOINTS.executionCancel, { clientOrderId: order.clientOrderId, reason: 'property cancel' });
        break;
      }
      case 'redeliverSignal': {
        const event = signals[step.pick % Math.max(1, signals.length)];
        if (event !== undefined) node.bus.emit(event);
        break;
      }
      case 'redeliverIntent': {
        const intent = intents[step.pick % Math.max(1, intents.length)];
        if (intent !== undefined) node.bus.send(ENDPOINTS.riskEvaluate, intent);
        break;
      }
      case 'markB':
        node.portfolio.markPrice(B.id, step.price);
        break;
    }
  };
  return { node, broker, clock, apply };
}

const cents = (price: number): bigint => BigInt(Math.round(price * 100));

/** Worst-case potential exposure per instrument (all buys fill, or all sells fill), from positions and open orders. */
function potential(node: TradingNode, orders: readonly Order[]): { gross: bigint; net: bigint } {
  const slots = new Map<string, { base: number; buys: number; sells: number }>();
  const slot = (id: string) => slots.get(id) ?? slots.set(id, { base: 0, buys: 0, sells: 0 }).get(id)!;
  for (const book of node.portfolio.positions(ACCOUNT)) if (book.strategyId === ACCOUNT_BOOK) slot(book.instrumentId).base += book.quantity;
  for (const order of orders) {
    const leaves = order.quantity - order.filledQuantity;
    if (order.side === 'BUY') slot(order.instrumentId).buys += leaves;
    else slot(order.instrumentId).sells += leaves;
  }
  let gross = 0n;
  let high = 0n;
  let low = 0n;
  for (const [id, s] of slots) {
    const p = cents(node.portfolio.lastPrice(id) ?? 0);
    const long = BigInt(s.base + s.buys) * p;
    const short = BigInt(s.base - s.sells) * p;
    gross += abs(long) > abs(short) ? abs(long) : abs(short);
    high += long;
    low += short;
  }
  return { gross, net: abs(high) > abs(low) ? abs(high) : abs(low) };
}

/** |account net + Σ signed leaves of open non-reduce-only orders| in one instrument, valued (the max-position-pct view). */
function positionValue(node: TradingNode, instrumentId: string, orders: readonly Order[]): bigint {
  let quantity = node.portfolio.position(ACCOUNT, instrumentId)?.quantity ?? 0;
  for (const order of orders) {
    if (order.instrumentId !== instrumentId || order.reduceOnly) continue;
    quantity += (order.quantity - order.filledQuantity) * (order.side === 'BUY' ? 1 : -1);
  }
  return abs(BigInt(quantity) * cents(node.portfolio.lastPrice(instrumentId) ?? 0));
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Checks every order as it is submitted, against the state just before it (the state risk judged). */
function watchOrders(node: TradingNode, onSubmitted: (order: Order, others: readonly Order[]) => void = () => undefined) {
  const submitted = new Map<string, string>();
  const times: number[] = [];
  node.bus.subscribe('OrderSubmitted', (event) => {
    const order = event.payload.order;
    assert.equal(submitted.get(order.intentId), undefined, `two orders for intent ${order.intentId}`);
    submitted.set(order.intentId, order.clientOrderId);
    times.push(event.ts);
    const others = node.orders.openOrders({ accountId: ACCOUNT }).filter((o) => o.clientOrderId !== order.clientOrderId);
    onSubmitted(order, others);
  });
  return { submitted, times };
}

function checkLimits(node: TradingNode, order: Order, others: readonly Order[]): void {
  assert.ok(order.quantity <= LIMITS.orderQuantity, `order ${order.clientOrderId} of ${order.quantity} exceeds the order quantity limit`);
  const equity = BigInt(node.portfolio.equityMinor(ACCOUNT));
  const withOrder = [...others, order];
  const before = potential(node, others);
  const after = potential(node, withOrder);
  assert.ok(after.gross <= before.gross || after.gross * 100n <= BigInt(LIMITS.grossPct) * equity, `gross ${after.gross} over ${LIMITS.grossPct}% of ${equity} after ${order.clientOrderId}`);
  assert.ok(after.net <= before.net || after.net * 100n <= BigInt(LIMITS.netPct) * equity, `net ${after.net} over ${LIMITS.netPct}% of ${equity} after ${order.clientOrderId}`);
  const valueBefore = positionValue(node, order.instrumentId, others);
  const valueAfter = positionValue(node, order.instrumentId, withOrder);
  assert.ok(order.reduceOnly || valueAfter <= valueBefore || valueAfter * 100n <= BigInt(LIMITS.positionPct) * equity, `position ${valueAfter} over ${LIMITS.positionPct}% after ${order.clientOrderId}`);
  if (!order.reduceOnly) {
    const books = new Set<string>();
    for (const book of node.portfolio.positions(ACCOUNT)) if (book.instrumentId === order.instrumentId && book.strategyId !== ACCOUNT_BOOK && book.quantity !== 0) books.add(book.strategyId);
    for (const o of others) if (o.instrumentId === order.instrumentId && !o.reduceOnly) books.add(o.strategyId);
    assert.ok(books.has(order.strategyId) || books.size < LIMITS.booksPerInstrument, `book ${books.size + 1} opened in ${order.instrumentId}`);
  }
}

describe('risk property: random signals, fills, partial fills, cancels and rejects through a real node', () => {
  it('never submits an order that breaks a configured limit, nor two orders for one intent', () => {
    let sawApproval = 0;
    let sawRejectByBroker = 0;
    let sawPartial = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 40, maxLength: 150, size: 'max' }), (steps) => {
        const { node, apply } = buildWorld();
        const { submitted, times } = watchOrders(node, (order, others) => checkLimits(node, order, others));
        node.bus.subscribe('OrderRejected', () => sawRejectByBroker++);
        node.bus.subscribe('OrderFilled', (e) => (e.payload.leavesQuantity > 0 ? sawPartial++ : undefined));
        for (const step of steps) apply(step);
        sawApproval += submitted.size;
        // Order-rate and per-day limits, from the submit times alone.
        for (let i = 0; i < times.length; i++) {
          const inWindow = times.filter((t) => t > times[i]! - LIMITS.rateWindowMs && t <= times[i]!).length;
          assert.ok(inWindow <= LIMITS.rate, `${inWindow} orders within ${LIMITS.rateWindowMs} ms`);
        }
        const perDay = new Map<number, number>();
        for (const t of times) perDay.set(Math.floor(t / 86_400_000), (perDay.get(Math.floor(t / 86_400_000)) ?? 0) + 1);
        for (const count of perDay.values()) assert.ok(count <= LIMITS.ordersPerDay);
      }),
      { numRuns: 60, seed: 20_240_305 },
    );
    assert.ok(sawApproval > 100, `the sequences must actually trade (${sawApproval} orders)`);
    assert.ok(sawRejectByBroker > 0, 'broker rejects were exercised');
    assert.ok(sawPartial > 0, 'partial fills were exercised');
  });
});

describe('risk property: trading states through a real node', () => {
  const steps = fc.array(stepArb, { minLength: 20, maxLength: 80, size: 'max' });

  it('HALTED: after the kill switch no order of any kind reaches the broker', async () => {
    let halted = 0;
    await fc.assert(
      fc.asyncProperty(steps, steps, async (before, after) => {
        const { node, broker, apply } = buildWorld();
        const { submitted } = watchOrders(node);
        for (const step of before) apply(step);
        const known = new Set(submitted.values());
        node.risk.killSwitch('property', 'halt in the middle of trading');
        const fills: string[] = [];
        node.bus.subscribe('OrderFilled', (e) => fills.push(e.payload.clientOrderId));
        for (const step of after) apply(step);
        assert.equal(submitted.size, known.size, 'no order was submitted after the kill switch');
        for (const order of await broker.openOrders()) assert.ok(known.has(order.clientOrderId), `${order.clientOrderId} reached the broker after HALTED`);
        for (const id of fills) assert.ok(known.has(id), `fill of ${id}, an order sent after HALTED`);
        assert.equal(node.risk.tradingStatus.state, 'HALTED');
        halted++;
      }),
      { numRuns: 30, seed: 7 },
    );
    assert.equal(halted, 30);
  });

  it('REDUCING: every order that reaches the broker shrinks its book without flipping it', () => {
    let exits = 0;
    fc.assert(
      fc.property(steps, steps, (before, after) => {
        const { node, apply } = buildWorld();
        let reducing = false;
        watchOrders(node, (order, others) => {
          if (!reducing) return;
          const held = node.portfolio.position(ACCOUNT, order.instrumentId, order.strategyId)?.quantity ?? 0;
          const closing = others
            .filter((o) => o.strategyId === order.strategyId && o.instrumentId === order.instrumentId && o.side === order.side)
            .reduce((sum, o) => sum + o.quantity - o.filledQuantity, 0);
          assert.ok(held !== 0 && Math.sign(held) !== (order.side === 'BUY' ? 1 : -1), `${order.side} ${order.quantity} on a book holding ${held}`);
          assert.ok(order.quantity <= Math.abs(held) - closing, `${order.quantity} would flip a book of ${held} (${closing} already closing)`);
          exits++;
        });
        for (const step of before) apply(step);
        node.risk.setTradingState('REDUCING', 'property', 'reduce only');
        reducing = true;
        for (const step of after) apply(step);
      }),
      { numRuns: 40, seed: 11 },
    );
    assert.ok(exits > 5, `exits were exercised (${exits})`);
  });
});

