import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InProcessMessageBus } from '../bus/index.js';
import {
  ACCOUNT_BOOK, SimulatedClock, createEventFactory, createIdSource, createInstrument, createInstrumentProvider, notionalMinor, silentLogger,
} from '../core/index.js';
import type { Order, OrderSide, PortfolioView, TradeIntent } from '../core/index.js';
import { OrderRegistry } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { EvaluationPortfolio } from './EvaluationPortfolio.js';
import { currentExposure } from './LimitWatch.js';
import { PotentialExposure } from './PotentialExposure.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const ES = createInstrument({ symbol: 'ES', exchange: 'CME', assetClass: 'FUTURE', tickSize: 0.25, multiplier: 50 });
const EURUSD = createInstrument({ symbol: 'EURUSD', exchange: 'IDEALPRO', assetClass: 'FX', tickSize: 0.0001, lotSize: 0.001 });
const INSTRUMENTS = [ORCL, ES, EURUSD];
const ACCOUNT = 'ACC-1';

/** A step of the scenario: a fill, a price, or an order left open. */
type Step =
  | { readonly kind: 'fill'; readonly instrument: number; readonly side: OrderSide; readonly lots: number; readonly ticks: number }
  | { readonly kind: 'price'; readonly instrument: number; readonly ticks: number }
  | { readonly kind: 'order'; readonly instrument: number; readonly side: OrderSide; readonly lots: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('fill' as const), instrument: fc.nat(2), side: fc.constantFrom<OrderSide>('BUY', 'SELL'), lots: fc.integer({ min: 1, max: 500 }), ticks: fc.integer({ min: 1, max: 40_000 }) }),
  fc.record({ kind: fc.constant('price' as const), instrument: fc.nat(2), ticks: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ kind: fc.constant('order' as const), instrument: fc.nat(2), side: fc.constantFrom<OrderSide>('BUY', 'SELL'), lots: fc.integer({ min: 1, max: 500 }) }),
);

function scenario(steps: readonly Step[]) {
  const clock = new SimulatedClock(1_700_000_000_000);
  const instruments = createInstrumentProvider(INSTRUMENTS);
  const portfolio = new Portfolio({
    bus: new InProcessMessageBus(), clock, ids: createIdSource(clock, 7), logger: silentLogger, instruments,
    accounts: [{ accountId: ACCOUNT, currency: 'USD', startingCashMinor: 1_000_000_000 }],
  });
  const orders = new OrderRegistry({ instruments });
  const events = createEventFactory('test', clock, createIdSource(clock, 11));
  steps.forEach((step, n) => {
    const instrument = INSTRUMENTS[step.instrument]!;
    if (step.kind === 'price') return portfolio.markPrice(instrument.id, step.ticks * instrument.tickSize);
    const quantity = step.lots * instrument.lotSize;
    if (step.kind === 'fill') {
      portfolio.apply(events.create('OrderFilled', {
        clientOrderId: `F${n}`, fillId: `F${n}`, accountId: ACCOUNT, strategyId: 'S1', instrumentId: instrument.id, side: step.side,
        quantity, price: step.ticks * instrument.tickSize, commissionMinor: 0, currency: 'USD', leavesQuantity: 0, fillTs: n,
      }, { key: instrument.id }));
      return;
    }
    const order: Order = {
      clientOrderId: `O${n}`, intentId: `O${n}`, accountId: ACCOUNT, strategyId: 'S1', instrumentId: instrument.id, side: step.side, type: 'MARKET',
      quantity, timeInForce: 'GTC', status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0, correlationId: `O${n}`, reduceOnly: false, createdTs: n, updatedTs: n,
    };
    orders.apply(events.create('OrderSubmitted', { order }, { key: instrument.id }));
  });
  return { portfolio, orders, instruments };
}

/** The same portfolio without its marked sums: the path that values every position itself. */
function withoutMarks(portfolio: PortfolioView): PortfolioView {
  return {
    position: (a, i, s) => portfolio.position(a, i, s), positions: (a) => portfolio.positions(a), account: (a) => portfolio.account(a),
    equityMinor: (a) => portfolio.equityMinor(a), lastPrice: (i) => portfolio.lastPrice(i),
  };
}

function intentOf(instrument: number, side: OrderSide, lots: number): TradeIntent {
  const id = INSTRUMENTS[instrument]!;
  return {
    intentId: 'I1', signalId: 'G1', accountId: ACCOUNT, strategyId: 'S1', instrumentId: id.id, action: side === 'BUY' ? 'BUY' : 'SHORT', side,
    quantity: lots * id.lotSize, orderType: 'MARKET', timeInForce: 'GTC', reduceOnly: false, confidence: 1, timeframe: '1m', ts: 0, correlationId: 'G1', reason: 'test',
  };
}

describe('potential exposure from the portfolio’s marked positions', () => {
  it('equals valuing every position, whatever the fills, prices and open orders', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), fc.boolean(), fc.nat(2), fc.constantFrom<OrderSide>('BUY', 'SELL'), fc.integer({ min: 1, max: 500 }), (steps, priceAll, instrument, side, lots) => {
        const prices: Step[] = priceAll ? INSTRUMENTS.map((_, i) => ({ kind: 'price', instrument: i, ticks: 1 + ((i * 7919 + steps.length * 104_729) % 40_000) })) : [];
        const { portfolio, orders, instruments } = scenario([...steps, ...prices]);
        if (priceAll) assert.equal(portfolio.markedPositions(ACCOUNT)!.unpricedPositions, 0, 'every position priced: the marked sums are used');
        const intent = intentOf(instrument, side, lots);
        const marked = new PotentialExposure().of(intent, { accountId: ACCOUNT, portfolio: new EvaluationPortfolio(portfolio), orders, instruments, pending: [] });
        const valued = new PotentialExposure().of(intent, { accountId: ACCOUNT, portfolio: withoutMarks(portfolio), orders, instruments, pending: [] });
        assert.deepEqual({ ...marked }, { ...valued });
        assert.deepEqual(currentExposure(portfolio, instruments, ACCOUNT, 'USD'), currentExposure(withoutMarks(portfolio), instruments, ACCOUNT, 'USD'));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps equity equal to cash plus every net position at its last price (cost before one)', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        const { portfolio } = scenario(steps);
        let expected = portfolio.account(ACCOUNT)!.cashMinor;
        for (const book of portfolio.positions(ACCOUNT)) {
          if (book.strategyId !== ACCOUNT_BOOK || book.quantity === 0) continue;
          const instrument = INSTRUMENTS.find((i) => i.id === book.instrumentId)!;
          const price = portfolio.lastPrice(book.instrumentId);
          if (price === undefined) expected += book.costMinor;
          else {
            const value = notionalMinor(price, Math.abs(book.quantity), instrument.pricePrecision, instrument.quantityPrecision, 2, instrument.multiplier);
            expected += book.quantity < 0 ? -value : value;
          }
        }
        assert.equal(portfolio.equityMinor(ACCOUNT), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('values only what it must when every position has a price, and says so when one lacks it', () => {
    const { portfolio } = scenario([
      { kind: 'fill', instrument: 0, side: 'BUY', lots: 10, ticks: 10_000 },
      { kind: 'fill', instrument: 1, side: 'SELL', lots: 2, ticks: 20_000 },
    ]);
    assert.deepEqual({ ...portfolio.markedPositions(ACCOUNT) }, { grossMinor: 0, netMinor: 0, unpricedPositions: 2 });
    portfolio.markPrice(ORCL.id, 101);
    portfolio.markPrice(ES.id, 5000.25);
    // 10 × 101.00 = 1,010.00 long; 2 × 5,000.25 × 50 = 500,025.00 short
    assert.deepEqual({ ...portfolio.markedPositions(ACCOUNT) }, { grossMinor: 101_000 + 50_002_500, netMinor: 101_000 - 50_002_500, unpricedPositions: 0 });
  });
});
