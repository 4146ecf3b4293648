import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createEventFactory,
  createIdSource,
  createInstrument,
  FortressError,
  SimulatedClock,
  type AnyEvent,
  type Instrument,
  type InstrumentProvider,
  type OrderSide,
} from '../core/index.js';
import { TradeJournal } from './index.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01, lotSize: 1, currency: 'USD' });
const BTC = createInstrument({ symbol: 'BTCUSD', exchange: 'COINBASE', assetClass: 'CRYPTO', tickSize: 0.01, lotSize: 0.001, currency: 'USD' });
const ES = createInstrument({ symbol: 'ESZ4', exchange: 'CME', assetClass: 'FUTURE', tickSize: 0.25, lotSize: 1, multiplier: 50, currency: 'USD' });
const TOYOTA = createInstrument({ symbol: '7203', exchange: 'TSE', tickSize: 1, lotSize: 100, currency: 'JPY' });

function provider(...instruments: Instrument[]): InstrumentProvider {
  const byId = new Map(instruments.map((i) => [i.id, i]));
  return { get: (id) => byId.get(id), all: () => instruments };
}

interface FillSpec {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: number;
  readonly commissionMinor?: number;
  readonly ts: number;
  readonly instrument?: Instrument;
  readonly strategyId?: string;
  readonly accountId?: string;
}

/** OrderFilled envelopes as the execution engine emits them (real factory, seeded ids). */
function fills(specs: readonly FillSpec[]): AnyEvent[] {
  const clock = new SimulatedClock(0);
  const events = createEventFactory('execution', clock, createIdSource(clock, 7));
  return specs.map((spec, i) => {
    clock.advanceTo(spec.ts);
    const instrument = spec.instrument ?? ORCL;
    return events.create('OrderFilled', {
      clientOrderId: `O-${i}`,
      fillId: `F-${i}`,
      accountId: spec.accountId ?? 'acc-1',
      strategyId: spec.strategyId ?? 'sma',
      instrumentId: instrument.id,
      side: spec.side,
      quantity: spec.quantity,
      price: spec.price,
      commissionMinor: spec.commissionMinor ?? 0,
      currency: instrument.currency,
      leavesQuantity: 0,
      fillTs: spec.ts,
    }, { key: instrument.id });
  });
}

function journalOf(events: readonly AnyEvent[], ...instruments: Instrument[]): TradeJournal {
  const journal = new TradeJournal(provider(ORCL, ...instruments));
  for (const event of events) journal.apply(event);
  return journal;
}

describe('TradeJournal', () => {
  it('records a long round trip with P&L net of both commissions', () => {
    const journal = journalOf(fills([
      { side: 'BUY', quantity: 100, price: 10, commissionMinor: 100, ts: 1_000 },
      { side: 'SELL', quantity: 100, price: 11, commissionMinor: 110, ts: 5_000 },
    ]));
    assert.deepEqual(journal.closedTrades(), [{
      accountId: 'acc-1', instrument: 'ORCL.NASDAQ', strategyId: 'sma', currency: 'USD', side: 'LONG', quantity: 100,
      entryTime: 1_000, entryPrice: 10, exitTime: 5_000, exitPrice: 11,
      commissionMinor: 210, commission: 2.1, fills: 2, pnlMinor: 9_790, pnl: 97.9,
    }]);
    assert.deepEqual(journal.openTrades(), []);
  });

  it('records a short round trip that profits when the price falls', () => {
    const [trade] = journalOf(fills([
      { side: 'SELL', quantity: 50, price: 20.05, commissionMinor: 25, ts: 1 },
      { side: 'BUY', quantity: 50, price: 18.4, commissionMinor: 25, ts: 2 },
    ])).closedTrades();
    assert.equal(trade?.side, 'SHORT');
    assert.equal(trade?.quantity, 50);
    // (20.05 − 18.40) × 50 = 82.50, minus 0.50 commission
    assert.equal(trade?.pnlMinor, 8_200);
    assert.equal(trade?.pnl, 82);
  });

  it('closes the trade and opens the opposite one when a fill flips the book, sharing the commission by quantity', () => {
    const journal = journalOf(fills([
      { side: 'BUY', quantity: 100, price: 10, commissionMinor: 100, ts: 1 },
      { side: 'SELL', quantity: 150, price: 12, commissionMinor: 300, ts: 2 },
      { side: 'BUY', quantity: 50, price: 11, commissionMinor: 50, ts: 3 },
    ]));
    const [long, short] = journal.closedTrades();
    assert.equal(long?.side, 'LONG');
    assert.equal(long?.quantity, 100);
    assert.equal(long?.exitTime, 2);
    // +200.00 gross; commission 1.00 + 300 × 100/150 = 2.00
    assert.equal(long?.commissionMinor, 300);
    assert.equal(long?.pnlMinor, 20_000 - 300);
    assert.equal(short?.side, 'SHORT');
    assert.equal(short?.quantity, 50);
    assert.equal(short?.entryTime, 2);
    assert.equal(short?.entryPrice, 12);
    assert.equal(short?.exitPrice, 11);
    // +50.00 gross; commission 1.00 (rest of the flip fill) + 0.50
    assert.equal(short?.commissionMinor, 150);
    assert.equal(short?.pnlMinor, 5_000 - 150);
    assert.equal((long?.commissionMinor ?? 0) + (short?.commissionMinor ?? 0), 450, 'the flip fill commission is split, never duplicated');
  });

  it('keeps a trade open through partial exits and reports volume-weighted entry and exit prices', () => {
    const events = fills([
      { side: 'BUY', quantity: 100, price: 10, ts: 1 },
      { side: 'BUY', quantity: 100, price: 12, ts: 2 },
      { side: 'SELL', quantity: 50, price: 13, ts: 3 },
      { side: 'SELL', quantity: 150, price: 14, ts: 4 },
    ]);
    const journal = journalOf(events.slice(0, 3));
    assert.equal(journal.closedTrades().length, 0);
    const [open] = journal.openTrades({ 'ORCL.NASDAQ': 12.5 });
    assert.equal(open?.openQuantity, 150);
    assert.equal(open?.quantity, 200);
    assert.equal(open?.exitPrice, 13);
    // 650 sold − 2,200 bought + 150 × 12.50 marked
    assert.equal(open?.pnlMinor, 65_000 - 220_000 + 187_500);
    journal.apply(events[3]!);
    const [trade] = journal.closedTrades();
    assert.equal(trade?.quantity, 200);
    assert.equal(trade?.entryTime, 1);
    assert.equal(trade?.entryPrice, 11);
    assert.equal(trade?.exitTime, 4);
    assert.equal(trade?.exitPrice, 13.75);
    assert.equal(trade?.fills, 4);
    assert.equal(trade?.pnlMinor, 65_000 + 210_000 - 220_000);
  });

  it('keeps separate books per account, strategy and instrument', () => {
    const journal = journalOf(fills([
      { side: 'BUY', quantity: 10, price: 10, ts: 1, strategyId: 'a' },
      { side: 'SELL', quantity: 10, price: 10, ts: 2, strategyId: 'b' },
      { side: 'BUY', quantity: 1, price: 100, ts: 3, strategyId: 'a', instrument: ES },
      { side: 'BUY', quantity: 10, price: 10, ts: 4, strategyId: 'a', accountId: 'acc-2' },
      { side: 'SELL', quantity: 10, price: 11, ts: 5, strategyId: 'a' },
      { side: 'BUY', quantity: 10, price: 9, ts: 6, strategyId: 'b' },
      { side: 'SELL', quantity: 1, price: 101.25, ts: 7, strategyId: 'a', instrument: ES },
    ]), ES);
    const summary = journal.closedTrades().map((t) => `${t.accountId}/${t.strategyId}/${t.instrument} ${t.side} ${t.pnl}`);
    assert.deepEqual(summary, [
      'acc-1/a/ORCL.NASDAQ LONG 10',
      'acc-1/b/ORCL.NASDAQ SHORT 10',
      'acc-1/a/ESZ4.CME LONG 62.5', // 1.25 points × multiplier 50
    ]);
    assert.deepEqual(journal.openTrades().map((t) => `${t.accountId}/${t.strategyId} ${t.side} ${t.openQuantity}`), ['acc-2/a LONG 10']);
  });

  it('sums money exactly where floating point would drift (fractional lots, many fills)', () => {
    const specs: FillSpec[] = [];
    for (let i = 0; i < 30; i++) specs.push({ side: 'BUY', quantity: 0.1, price: 100.1, commissionMinor: 1, ts: i, instrument: BTC });
    specs.push({ side: 'SELL', quantity: 3, price: 100.2, commissionMinor: 7, ts: 100, instrument: BTC });
    const [trade] = journalOf(fills(specs), BTC).closedTrades();
    assert.equal(trade?.quantity, 3);
    assert.equal(trade?.entryPrice, 100.1);
    // 300.60 − 30 × 10.01 − 0.37
    assert.equal(trade?.pnlMinor, 30_060 - 30_030 - 37);
    assert.equal(trade?.pnl, -0.07);
  });

  it('works in a currency without minor units', () => {
    const [trade] = journalOf(fills([
      { side: 'BUY', quantity: 100, price: 2_500, commissionMinor: 250, ts: 1, instrument: TOYOTA },
      { side: 'SELL', quantity: 100, price: 2_531, commissionMinor: 253, ts: 2, instrument: TOYOTA },
    ]), TOYOTA).closedTrades();
    assert.equal(trade?.currency, 'JPY');
    assert.equal(trade?.pnl, 3_100 - 503);
  });

  it('applies a redelivered fill only once and ignores other events', () => {
    const events = fills([
      { side: 'BUY', quantity: 100, price: 10, ts: 1 },
      { side: 'SELL', quantity: 100, price: 11, ts: 2 },
    ]);
    const clock = new SimulatedClock(0);
    const accepted = createEventFactory('execution', clock, createIdSource(clock, 1))
      .create('OrderAccepted', { clientOrderId: 'O-0', brokerOrderId: 'B-0' }, { key: ORCL.id });
    const journal = journalOf([events[0]!, accepted, events[0]!, events[1]!, events[1]!]);
    assert.equal(journal.closedTrades().length, 1);
    assert.equal(journal.closedTrades()[0]?.quantity, 100);
    assert.deepEqual(journal.openTrades(), []);
  });

  it('refuses a fill for an instrument the provider does not know', () => {
    const journal = new TradeJournal(provider());
    assert.throws(() => journal.apply(fills([{ side: 'BUY', quantity: 1, price: 1, ts: 1 }])[0]!), (error: unknown) => {
      return error instanceof FortressError && error.code === 'UNKNOWN_INSTRUMENT';
    });
  });

  it('conserves money: closed P&L plus the marked open trade equals cash flow plus the marked position', () => {
    const fillArb = fc.record({
      buy: fc.boolean(),
      lots: fc.integer({ min: 1, max: 500 }),
      ticks: fc.integer({ min: 1, max: 100_000 }),
      commissionMinor: fc.integer({ min: 0, max: 500 }),
    });
    fc.assert(fc.property(fc.array(fillArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 100_000 }), (raw, markTicks) => {
      const specs: FillSpec[] = raw.map((f, i) => ({
        side: f.buy ? 'BUY' : 'SELL', quantity: f.lots / 1000, price: f.ticks / 100, commissionMinor: f.commissionMinor, ts: i, instrument: BTC,
      }));
      const journal = journalOf(fills(specs), BTC);
      const mark = markTicks / 100;
      // Independent reckoning in integers: price in cents × quantity in thousandths = 1/1000 of a cent.
      let cashMilliCents = 0;
      let positionLots = 0;
      let commissionMinor = 0;
      for (const f of raw) {
        cashMilliCents += (f.buy ? -1 : 1) * f.ticks * f.lots;
        positionLots += f.buy ? f.lots : -f.lots;
        commissionMinor += f.commissionMinor;
      }
      const expectedMilliCents = cashMilliCents + positionLots * markTicks - commissionMinor * 1000;
      const closed = journal.closedTrades().reduce((sum, t) => sum + t.pnlMinor, 0);
      const open = journal.openTrades({ [BTC.id]: mark }).reduce((sum, t) => sum + (t.pnlMinor ?? 0), 0);
      // Each fill's notional is rounded to the cent once (flip fills once more), so allow that rounding.
      assert.ok(Math.abs((closed + open) * 1000 - expectedMilliCents) <= 1000 * (raw.length + 1));
      assert.equal(journal.openTrades().length, positionLots === 0 ? 0 : 1);
    }));
  });
});
