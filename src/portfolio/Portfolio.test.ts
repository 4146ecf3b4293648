import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_BOOK, SimulatedClock, createEventFactory, createIdSource, createInstrument, silentLogger, ValidationError } from '../core/index.js';
import type { AnyEvent, EventEnvelope, EventPayloads, Instrument, OrderSide } from '../core/index.js';
import { InProcessMessageBus, TOPICS } from '../bus/index.js';
import { Portfolio } from './index.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const MSFT = createInstrument({ symbol: 'MSFT', exchange: 'NASDAQ', tickSize: 0.01 });
const EURUSD = createInstrument({ symbol: 'EURUSD', exchange: 'IDEALPRO', assetClass: 'FX', tickSize: 0.0001, lotSize: 0.001 });
const ES = createInstrument({ symbol: 'ES', exchange: 'CME', assetClass: 'FUTURE', tickSize: 0.25, multiplier: 50 });
const RELIANCE = createInstrument({ symbol: 'RELIANCE', exchange: 'NSE', currency: 'INR', tickSize: 0.05 });
const ACCOUNT = 'ACC-1';
const START_MINOR = 1_000_000;

function setup(instruments: readonly Instrument[] = [ORCL, MSFT, EURUSD, ES]) {
  const clock = new SimulatedClock(1_700_000_000_000);
  const bus = new InProcessMessageBus();
  const byId = new Map(instruments.map((i) => [i.id, i]));
  const portfolio = new Portfolio({
    bus,
    clock,
    ids: createIdSource(clock, 7),
    logger: silentLogger,
    instruments: { get: (id) => byId.get(id), all: () => instruments },
    accounts: [{ accountId: ACCOUNT, currency: 'USD', startingCashMinor: START_MINOR }],
  });
  const execution = createEventFactory('execution', clock, createIdSource(clock, 11));
  let sequence = 0;
  const fill = (side: OrderSide, quantity: number, price: number, more: Partial<EventPayloads['OrderFilled']> = {}): EventEnvelope<'OrderFilled'> => {
    sequence++;
    const payload = {
      clientOrderId: `O${sequence}`, fillId: `F${sequence}`, accountId: ACCOUNT, strategyId: 'S1', instrumentId: ORCL.id,
      side, quantity, price, commissionMinor: 0, currency: 'USD', leavesQuantity: 0, fillTs: 1_000 + sequence, ...more,
    };
    return execution.create('OrderFilled', payload, { key: payload.instrumentId, correlationId: `SIG${sequence}` });
  };
  return { clock, bus, portfolio, fill };
}

function book(portfolio: Portfolio, strategyId?: string, instrumentId = ORCL.id) {
  const position = portfolio.position(ACCOUNT, instrumentId, strategyId);
  assert.ok(position, `no book ${strategyId ?? ACCOUNT_BOOK} for ${instrumentId}`);
  return position;
}

describe('Portfolio — hand-computed books', () => {
  it('buys, adds, sells part, flips to short and covers with exact cash and realized P&L', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 100, 10, { commissionMinor: 100 }));
    assert.deepEqual([book(portfolio, 'S1').quantity, book(portfolio, 'S1').costMinor, book(portfolio, 'S1').avgPrice], [100, 100_000, 10]);
    assert.equal(portfolio.account(ACCOUNT)?.cashMinor, 899_900);

    portfolio.apply(fill('BUY', 50, 11, { commissionMinor: 50 }));
    assert.equal(book(portfolio, 'S1').costMinor, 155_000);
    assert.equal(book(portfolio, 'S1').avgPrice, 10.333333);
    assert.equal(portfolio.account(ACCOUNT)?.cashMinor, 844_850);

    portfolio.apply(fill('SELL', 60, 12)); // removes 155000 × 60/150 = 62000 of cost, receives 72000
    assert.deepEqual([book(portfolio, 'S1').quantity, book(portfolio, 'S1').costMinor, book(portfolio, 'S1').realizedMinor], [90, 93_000, 10_000]);

    portfolio.apply(fill('SELL', 150, 9)); // closes 90 (81000 − 93000), opens 60 short at 9
    const short = book(portfolio, 'S1');
    assert.deepEqual([short.quantity, short.costMinor, short.realizedMinor, short.avgPrice, short.openedTs], [-60, -54_000, -2_000, 9, 1_004]);
    assert.equal(portfolio.account(ACCOUNT)?.cashMinor, 1_051_850);

    portfolio.apply(fill('BUY', 60, 8.5)); // covers: −51000 − (−54000)
    const flat = book(portfolio, 'S1');
    assert.deepEqual([flat.quantity, flat.costMinor, flat.realizedMinor, flat.commissionMinor, flat.openedTs, flat.avgPrice], [0, 0, 1_000, 150, 0, 0]);
    const account = portfolio.account(ACCOUNT);
    assert.deepEqual(account, { accountId: ACCOUNT, currency: 'USD', cashMinor: 1_000_850, realizedMinor: 1_000, commissionMinor: 150 });
    assert.equal(account.cashMinor - START_MINOR, account.realizedMinor - account.commissionMinor);
  });

  it('rounds each notional half-to-even once and removes cost pro rata in grid units', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 1, 0.005, { instrumentId: EURUSD.id })); // 0.5 cent → 0
    portfolio.apply(fill('BUY', 3, 0.005, { instrumentId: EURUSD.id })); // 1.5 cents → 2
    assert.equal(book(portfolio, 'S1', EURUSD.id).costMinor, 2);
    portfolio.apply(fill('BUY', 2.996, 0.3338, { instrumentId: EURUSD.id })); // 100.00648 cents → 100
    assert.equal(book(portfolio, 'S1', EURUSD.id).costMinor, 102);
    portfolio.apply(fill('SELL', 3.498, 0.3338, { instrumentId: EURUSD.id })); // removes 102 × 3498/6996 = 51 exactly
    const half = book(portfolio, 'S1', EURUSD.id);
    assert.deepEqual([half.quantity, half.costMinor, half.realizedMinor], [3.498, 51, 117 - 51]); // 116.76324 → 117 received
    portfolio.apply(fill('SELL', 3.498, 0.3338, { instrumentId: EURUSD.id }));
    const closed = portfolio.account(ACCOUNT);
    assert.equal(book(portfolio, 'S1', EURUSD.id).costMinor, 0);
    assert.equal(closed?.cashMinor, START_MINOR + (closed?.realizedMinor ?? Number.NaN));
  });

  it('keeps an off-grid average fill price exact instead of snapping it to the tick', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 3, 10.005)); // 30.015 → 30.02 half-even; snapped to 10.01 or 10.00 it would not be
    assert.equal(book(portfolio, 'S1').costMinor, 3_002);
    assert.equal(book(portfolio, 'S1').avgPrice, 10.006667);
  });

  it('opens an unconfigured account with zero starting cash when a fill arrives for it', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('SELL', 5, 20, { accountId: 'ACC-NEW', commissionMinor: 10 }));
    assert.deepEqual(portfolio.account('ACC-NEW'), { accountId: 'ACC-NEW', currency: 'USD', cashMinor: 9_990, realizedMinor: 0, commissionMinor: 10 });
    assert.equal(portfolio.position('ACC-NEW', ORCL.id)?.quantity, -5);
  });

  it('values futures with the contract multiplier', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 2, 4500.25, { instrumentId: ES.id }));
    assert.equal(book(portfolio, 'S1', ES.id).costMinor, 45_002_500);
    assert.equal(book(portfolio, 'S1', ES.id).avgPrice, 4500.25);
    portfolio.apply(fill('SELL', 1, 4510.75, { instrumentId: ES.id, commissionMinor: 225 }));
    assert.equal(book(portfolio, 'S1', ES.id).realizedMinor, 52_500);
    assert.equal(portfolio.account(ACCOUNT)?.commissionMinor, 225);
  });

  it('gives a short a positive P&L when the price falls and a negative one when it rises', () => {
    const { portfolio, fill, bus } = setup();
    portfolio.start();
    bus.emit(fill('SELL', 10, 100));
    bus.publish(TOPICS.tick, { instrumentId: ORCL.id, ts: 1, price: 110, size: 1 });
    assert.equal(portfolio.unrealizedMinor(ACCOUNT, ORCL.id, 'S1'), -10_000);
    assert.equal(portfolio.equityMinor(ACCOUNT), START_MINOR - 10_000);
    bus.emit(fill('BUY', 10, 90));
    assert.equal(book(portfolio, 'S1').realizedMinor, 10_000);
    assert.equal(portfolio.account(ACCOUNT)?.cashMinor, START_MINOR + 10_000);
  });
});

describe('Portfolio — strategy books and the account net book', () => {
  it('nets two strategies trading against each other while each keeps its own book', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 100, 10, { strategyId: 'trend', commissionMinor: 100 }));
    portfolio.apply(fill('SELL', 100, 12, { strategyId: 'meanrev', commissionMinor: 100 }));
    const trend = book(portfolio, 'trend');
    const meanrev = book(portfolio, 'meanrev');
    const net = book(portfolio);
    assert.deepEqual([trend.quantity, trend.costMinor, trend.realizedMinor], [100, 100_000, 0]);
    assert.deepEqual([meanrev.quantity, meanrev.costMinor, meanrev.realizedMinor], [-100, -120_000, 0]);
    // The account never held the offsetting shares: it bought 100 and sold them, realizing 200.00.
    assert.deepEqual([net.strategyId, net.quantity, net.costMinor, net.realizedMinor, net.commissionMinor], [ACCOUNT_BOOK, 0, 0, 20_000, 200]);
    assert.deepEqual(portfolio.account(ACCOUNT), { accountId: ACCOUNT, currency: 'USD', cashMinor: START_MINOR + 19_800, realizedMinor: 20_000, commissionMinor: 200 });
    assert.deepEqual(portfolio.positions(ACCOUNT).map((p) => p.strategyId), ['trend', ACCOUNT_BOOK, 'meanrev']);
    portfolio.markPrice(ORCL.id, 11);
    assert.equal(portfolio.unrealizedMinor(ACCOUNT, ORCL.id, 'trend'), 10_000);
    assert.equal(portfolio.unrealizedMinor(ACCOUNT, ORCL.id, 'meanrev'), 10_000);
    assert.equal(portfolio.unrealizedMinor(ACCOUNT), 0);
  });

  it('marks equity and exposure at the last bar close, at cost before any price', () => {
    const { portfolio, fill, bus } = setup();
    portfolio.start();
    bus.emit(fill('BUY', 100, 10, { commissionMinor: 100 }));
    bus.emit(fill('SELL', 50, 20, { instrumentId: MSFT.id, strategyId: 'S2' }));
    assert.equal(portfolio.equityMinor(ACCOUNT), START_MINOR - 100);
    bus.publish(TOPICS.bar, { instrumentId: ORCL.id, timeframe: '1d', ts: 0, open: 10, high: 11, low: 10, close: 10.5, volume: 1 });
    bus.publish(TOPICS.bar, { instrumentId: MSFT.id, timeframe: '1d', ts: 0, open: 20, high: 21, low: 19, close: 21, volume: 1 });
    assert.equal(portfolio.lastPrice(ORCL.id), 10.5);
    assert.equal(portfolio.unrealizedMinor(ACCOUNT, ORCL.id), 5_000);
    assert.equal(portfolio.unrealizedMinor(ACCOUNT, MSFT.id), -5_000);
    assert.equal(portfolio.equityMinor(ACCOUNT), START_MINOR - 100);
    assert.deepEqual(portfolio.exposure(ACCOUNT), { grossMinor: 210_000, netMinor: 0, longMinor: 105_000, shortMinor: 105_000 });
    bus.publish(TOPICS.bar, { instrumentId: ORCL.id, timeframe: '1d', ts: 1, open: 10, high: 12, low: 10, close: 12, volume: 1 });
    assert.equal(portfolio.equityMinor(ACCOUNT), START_MINOR - 100 + 20_000 - 5_000);
  });
});

describe('Portfolio — events and idempotency', () => {
  it('emits the strategy book, the net book and the account for each fill, chained to the fill', () => {
    const { portfolio, fill, bus } = setup();
    const seen: AnyEvent[] = [];
    bus.subscribeEvents((event) => seen.push(event));
    portfolio.start();
    const filled = fill('BUY', 10, 10);
    bus.emit(filled);
    const out = seen.filter((e) => e.source === 'portfolio');
    assert.deepEqual(out.map((e) => [e.type, e.key, e.idempotencyKey]), [
      ['PositionChanged', ORCL.id, `pos:${filled.payload.fillId}:S1`],
      ['PositionChanged', ORCL.id, `pos:${filled.payload.fillId}:*`],
      ['AccountUpdated', ACCOUNT, `acct:${filled.payload.fillId}`],
    ]);
    for (const event of out) assert.deepEqual([event.correlationId, event.causationId], [filled.correlationId, filled.id]);
    const account = out[2];
    assert.ok(account?.type === 'AccountUpdated');
    assert.equal(account.payload.account.cashMinor, START_MINOR - 10_000);
  });

  it('ignores a fill delivered twice and emits nothing for it', () => {
    const { portfolio, fill, bus } = setup();
    const seen: AnyEvent[] = [];
    bus.subscribeEvents((event) => seen.push(event));
    portfolio.start();
    const filled = fill('BUY', 10, 10, { commissionMinor: 5 });
    bus.emit(filled);
    const before = portfolio.snapshot();
    bus.emit(filled);
    assert.equal(portfolio.apply(filled), false);
    assert.deepEqual(portfolio.snapshot(), before);
    assert.equal(seen.filter((e) => e.source === 'portfolio').length, 3);
  });

  it('refuses a fill for an unknown instrument with an ErrorRaised and changes nothing', () => {
    const { portfolio, fill, bus } = setup();
    const seen: AnyEvent[] = [];
    bus.subscribeEvents((event) => seen.push(event));
    portfolio.start();
    const before = portfolio.snapshot();
    bus.emit(fill('BUY', 10, 10, { instrumentId: 'NOPE.NYSE' }));
    bus.emit(fill('BUY', 10, 10, { instrumentId: RELIANCE.id, currency: 'INR' }));
    const errors = seen.filter((e) => e.type === 'ErrorRaised');
    assert.deepEqual(errors.map((e) => (e.type === 'ErrorRaised' ? e.payload.code : '')), ['PORTFOLIO_UNKNOWN_INSTRUMENT', 'PORTFOLIO_UNKNOWN_INSTRUMENT']);
    assert.deepEqual(portfolio.snapshot(), before);
  });

  it('leaves the books untouched when replaying a fill whose currency differs from the account', () => {
    const { portfolio, fill } = setup([ORCL, RELIANCE]);
    assert.equal(portfolio.apply(fill('BUY', 1, 2500, { instrumentId: RELIANCE.id, currency: 'INR' })), false);
    assert.equal(portfolio.positions(ACCOUNT).length, 0);
    assert.deepEqual(portfolio.account(ACCOUNT), { accountId: ACCOUNT, currency: 'USD', cashMinor: START_MINOR, realizedMinor: 0, commissionMinor: 0 });
  });

  it('fails fast on a fill with impossible numbers', () => {
    const { portfolio, fill } = setup();
    assert.throws(() => portfolio.apply(fill('BUY', 10, Number.NaN)), { code: 'INVARIANT_BROKEN' });
    assert.throws(() => portfolio.apply(fill('BUY', 0, 10)), { code: 'INVARIANT_BROKEN' });
    assert.throws(() => portfolio.apply(fill('BUY', 1, 10, { strategyId: ACCOUNT_BOOK })), { code: 'INVARIANT_BROKEN' });
    assert.equal(portfolio.positions(ACCOUNT).length, 0);
  });
});

describe('Portfolio — snapshot and restore', () => {
  it('restores a JSON snapshot into a fresh portfolio that keeps folding identically', () => {
    const first = setup();
    first.portfolio.apply(first.fill('BUY', 100, 10, { commissionMinor: 7 }));
    first.portfolio.apply(first.fill('SELL', 30, 10.37, { strategyId: 'S2' }));
    const saved = JSON.parse(JSON.stringify(first.portfolio.snapshot())) as unknown;
    const second = setup();
    second.portfolio.restore(saved);
    assert.deepEqual(second.portfolio.snapshot(), first.portfolio.snapshot());
    const next = first.fill('SELL', 70, 9.99);
    first.portfolio.apply(next);
    second.portfolio.apply(next);
    assert.equal(second.portfolio.apply(first.fill('BUY', 1, 1, { fillId: 'F1' })), false);
    assert.deepEqual(second.portfolio.snapshot(), first.portfolio.snapshot());
  });

  it('rejects a snapshot whose cash does not follow from its books', () => {
    const { portfolio, fill } = setup();
    portfolio.apply(fill('BUY', 100, 10));
    const state = portfolio.snapshot();
    const tampered = { ...state, accounts: state.accounts.map((a) => ({ ...a, cashMinor: a.cashMinor + 1 })) };
    assert.throws(() => setup().portfolio.restore(tampered), ValidationError);
    assert.throws(() => setup().portfolio.restore({ ...state, version: 2 }), /version/);
  });
});
