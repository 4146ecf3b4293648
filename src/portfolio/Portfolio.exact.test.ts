import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { ACCOUNT_BOOK, SimulatedClock, createEventFactory, createIdSource, createInstrument, createRandom, minorDigitsOf, silentLogger } from '../core/index.js';
import type { Instrument, OrderSide } from '../core/index.js';
import { InProcessMessageBus } from '../bus/index.js';
import { Portfolio } from './index.js';

/*
 * One million random fills through Portfolio.apply, checked against an independent reference written with
 * decimal.js: notional = exact price × quantity × multiplier rounded half-even to the minor unit, the same
 * close/flip rule with decimal division for the removed cost. Cash and realized P&L must be equal to the
 * minor unit at every checkpoint. A naive float portfolio on the same data must drift (the test has teeth).
 */
const FILLS = 1_000_000;
const CHECKPOINT_EVERY = 50_000;
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof D>;
const ZERO = new D(0);

interface Market {
  readonly instrument: Instrument;
  readonly accountId: string;
  /** Price range in ticks, and the largest order in quantity units. */
  readonly minTicks: number;
  readonly maxTicks: number;
  readonly maxUnits: number;
  /** multiplier × 10^minorDigits / 10^(pricePrecision + quantityPrecision): price units × quantity units × factor = notional in minor units. */
  readonly factor: Dec;
  ticks: number;
}

function market(instrument: Instrument, accountId: string, minTicks: number, maxTicks: number, maxUnits: number): Market {
  const factor = new D(instrument.multiplier)
    .times(new D(10).pow(minorDigitsOf(instrument.currency)))
    .div(new D(10).pow(instrument.pricePrecision + instrument.quantityPrecision));
  return { instrument, accountId, minTicks, maxTicks, maxUnits, factor, ticks: Math.round((minTicks + maxTicks) / 2) };
}

const MARKETS: readonly Market[] = [
  market(createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.05 }), 'USD-1', 200, 4_000, 500),
  market(createInstrument({ symbol: 'EURUSD', exchange: 'IDEALPRO', assetClass: 'FX', tickSize: 0.0001, lotSize: 0.001 }), 'USD-1', 9_000, 15_000, 9_000_000),
  market(createInstrument({ symbol: 'CL', exchange: 'NYMEX', assetClass: 'FUTURE', tickSize: 0.0001, multiplier: 50 }), 'USD-1', 200_000, 1_200_000, 40),
  market(createInstrument({ symbol: 'GC', exchange: 'COMEX', assetClass: 'FUTURE', tickSize: 0.05, lotSize: 0.001, multiplier: 50 }), 'USD-1', 30_000, 50_000, 5_000),
  market(createInstrument({ symbol: 'ZAIN', exchange: 'KSE', currency: 'KWD', tickSize: 0.0001, lotSize: 0.001 }), 'KWD-1', 3_000, 9_000, 2_000_000),
  market(createInstrument({ symbol: '7203', exchange: 'TSE', currency: 'JPY', tickSize: 0.5 }), 'JPY-1', 4_000, 8_000, 3_000),
];
const ACCOUNTS = [
  { accountId: 'USD-1', currency: 'USD', startingCashMinor: 1_000_000_000 },
  { accountId: 'KWD-1', currency: 'KWD', startingCashMinor: 50_000_000 },
  { accountId: 'JPY-1', currency: 'JPY', startingCashMinor: 100_000_000 },
];
const STRATEGIES = ['S1', 'S2', 'S3'] as const;

/** The reference book: money in exact decimals, quantities as signed integer grid units, commission summed as integers. */
interface RefBook { units: number; cost: Dec; realized: Dec; commission: number }
interface RefAccount { cash: Dec; realized: Dec; commission: number }
/** The naive float book: average price, floats everywhere. */
interface FloatBook { qty: number; avgPrice: number; realized: number }

/** Exact price × quantity × multiplier in minor units, rounded half-even once. */
function refNotional(priceUnits: Dec, units: number, factor: Dec): Dec {
  return priceUnits.times(units).times(factor).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
}

/** Folds one fill into a reference book; returns the signed cash flow of its notional portions. */
function refFold(book: RefBook, sign: 1 | -1, units: number, priceUnits: Dec, factor: Dec): Dec {
  if (book.units === 0 || book.units > 0 === sign > 0) {
    const notional = refNotional(priceUnits, units, factor);
    book.units += sign * units;
    book.cost = sign > 0 ? book.cost.plus(notional) : book.cost.minus(notional);
    return sign > 0 ? notional.negated() : notional;
  }
  const open = Math.abs(book.units);
  const close = Math.min(units, open);
  const removed = book.cost.times(close).div(open).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  const closeNotional = refNotional(priceUnits, close, factor);
  const signedClose = book.units > 0 ? closeNotional : closeNotional.negated();
  book.realized = book.realized.plus(signedClose).minus(removed);
  book.cost = book.cost.minus(removed);
  book.units += sign * close;
  const rest = units - close;
  if (rest === 0) return signedClose;
  const openNotional = refNotional(priceUnits, rest, factor);
  book.units = sign * rest;
  book.cost = sign > 0 ? openNotional : openNotional.negated();
  return sign > 0 ? signedClose.minus(openNotional) : signedClose.plus(openNotional);
}

function floatFold(book: FloatBook, sign: 1 | -1, qty: number, price: number, multiplier: number): void {
  const signed = sign * qty;
  if (book.qty === 0 || Math.sign(book.qty) === sign) {
    book.avgPrice = (book.avgPrice * Math.abs(book.qty) + price * qty) / (Math.abs(book.qty) + qty);
    book.qty += signed;
    return;
  }
  const close = Math.min(qty, Math.abs(book.qty));
  book.realized += Math.sign(book.qty) * (price - book.avgPrice) * close * multiplier;
  book.qty += sign * close;
  if (qty > close) {
    book.qty = sign * (qty - close);
    book.avgPrice = price;
  }
}

const newRefBook = (): RefBook => ({ units: 0, cost: ZERO, realized: ZERO, commission: 0 });

describe('Portfolio — exact money over a million random fills', () => {
  it('equals a decimal.js reference to the minor unit at every checkpoint, where a float portfolio drifts', (t) => {
    const clock = new SimulatedClock(0);
    const byId = new Map(MARKETS.map((m) => [m.instrument.id, m.instrument]));
    const portfolio = new Portfolio({
      bus: new InProcessMessageBus(),
      clock,
      ids: createIdSource(clock, 1),
      logger: silentLogger,
      instruments: { get: (id) => byId.get(id), all: () => [...byId.values()] },
      accounts: ACCOUNTS,
    });
    const execution = createEventFactory('execution', clock, createIdSource(clock, 2));
    const random = createRandom(20_240_601);

    // Books indexed [market][strategy], the net book at index STRATEGIES.length.
    const refBooks = MARKETS.map(() => [...STRATEGIES, ACCOUNT_BOOK].map(newRefBook));
    const floatBooks = MARKETS.map(() => [...STRATEGIES, ACCOUNT_BOOK].map((): FloatBook => ({ qty: 0, avgPrice: 0, realized: 0 })));
    const refAccounts = new Map(ACCOUNTS.map((a): [string, RefAccount] => [a.accountId, { cash: new D(a.startingCashMinor), realized: ZERO, commission: 0 }]));
    const floatCash = new Map(ACCOUNTS.map((a) => [a.accountId, a.startingCashMinor / 10 ** minorDigitsOf(a.currency)]));
    const genUnits = MARKETS.map(() => STRATEGIES.map(() => 0));
    let floatDrifted = 0;
    let flips = 0;
    let closes = 0;

    const checkpoint = (done: number): void => {
      for (const account of ACCOUNTS) {
        const actual = portfolio.account(account.accountId);
        const ref = refAccounts.get(account.accountId)!;
        const at = `${account.accountId} after ${done} fills`;
        assert.ok(actual, `account ${at}`);
        assert.equal(actual.cashMinor, ref.cash.toNumber(), `cash of ${at}`);
        assert.equal(actual.realizedMinor, ref.realized.toNumber(), `realized of ${at}`);
        assert.equal(actual.commissionMinor, ref.commission, `commission of ${at}`);
        const openCost = MARKETS.reduce((sum, m) => sum + (m.accountId === account.accountId ? (portfolio.position(m.accountId, m.instrument.id)?.costMinor ?? 0) : 0), 0);
        assert.equal(actual.cashMinor - account.startingCashMinor, actual.realizedMinor - actual.commissionMinor - openCost, `Δcash = realized − commission − open cost for ${at}`);
        const digits = minorDigitsOf(account.currency);
        const floatRealized = MARKETS.reduce((sum, m, i) => sum + (m.accountId === account.accountId ? floatBooks[i]![STRATEGIES.length]!.realized : 0), 0);
        if (Math.round(floatCash.get(account.accountId)! * 10 ** digits) !== actual.cashMinor || Math.round(floatRealized * 10 ** digits) !== actual.realizedMinor) floatDrifted++;
      }
      MARKETS.forEach((m, i) => {
        [...STRATEGIES, ACCOUNT_BOOK].forEach((strategyId, s) => {
          const ref = refBooks[i]![s]!;
          const actual = portfolio.position(m.accountId, m.instrument.id, strategyId);
          const at = `${m.instrument.id}/${strategyId} after ${done} fills`;
          assert.deepEqual(
            [actual?.quantity ?? 0, actual?.costMinor ?? 0, actual?.realizedMinor ?? 0, actual?.commissionMinor ?? 0],
            [ref.units / 10 ** m.instrument.quantityPrecision, ref.cost.toNumber(), ref.realized.toNumber(), ref.commission],
            `book ${at}`,
          );
        });
      });
    };

    for (let n = 0; n < FILLS; n++) {
      const mi = random.int(MARKETS.length);
      const m = MARKETS[mi]!;
      const si = random.int(STRATEGIES.length);
      const { instrument } = m;
      m.ticks = Math.min(m.maxTicks, Math.max(m.minTicks, m.ticks + random.int(21) - 10));
      const tickUnits = Math.round(instrument.tickSize * 10 ** instrument.pricePrecision);
      const priceUnits = m.ticks * tickUnits;
      const price = priceUnits / 10 ** instrument.pricePrecision;
      const held = genUnits[mi]![si]!;
      const mode = random.next();
      let sign: 1 | -1;
      let units: number;
      if (held !== 0 && mode < 0.1) {
        sign = held > 0 ? -1 : 1;
        units = Math.abs(held);
        closes++;
      } else if (held !== 0 && mode < 0.2) {
        sign = held > 0 ? -1 : 1;
        units = Math.abs(held) + 1 + random.int(m.maxUnits);
        flips++;
      } else {
        const leanToFlat = Math.abs(held) > 4 * m.maxUnits ? (held > 0 ? -1 : 1) : 0;
        sign = leanToFlat !== 0 && random.next() < 0.7 ? leanToFlat : random.next() < 0.5 ? 1 : -1;
        units = 1 + random.int(m.maxUnits);
      }
      genUnits[mi]![si] = held + sign * units;
      const quantity = units / 10 ** instrument.quantityPrecision;
      const commissionMinor = random.next() < 0.3 ? 0 : random.int(500);
      const side: OrderSide = sign > 0 ? 'BUY' : 'SELL';
      const fillId = `F${n}`;
      portfolio.apply(
        execution.create(
          'OrderFilled',
          {
            clientOrderId: `O${n}`, fillId, accountId: m.accountId, strategyId: STRATEGIES[si]!, instrumentId: instrument.id, side,
            quantity, price, commissionMinor, currency: instrument.currency, leavesQuantity: 0, fillTs: n,
          },
          { key: instrument.id },
        ),
      );

      // The reference works from the generator's grid units, not from the event's numbers.
      const priceD = new D(priceUnits);
      const strategyBook = refBooks[mi]![si]!;
      refFold(strategyBook, sign, units, priceD, m.factor);
      strategyBook.commission += commissionMinor;
      const netBook = refBooks[mi]![STRATEGIES.length]!;
      const realizedBefore = netBook.realized;
      const cashFlow = refFold(netBook, sign, units, priceD, m.factor);
      netBook.commission += commissionMinor;
      const account = refAccounts.get(m.accountId)!;
      account.cash = account.cash.plus(cashFlow).minus(commissionMinor);
      account.commission += commissionMinor;
      account.realized = account.realized.plus(netBook.realized.minus(realizedBefore));

      // The naive float portfolio.
      floatFold(floatBooks[mi]![STRATEGIES.length]!, sign, quantity, price, instrument.multiplier);
      const minorScale = 10 ** minorDigitsOf(instrument.currency);
      floatCash.set(m.accountId, floatCash.get(m.accountId)! - sign * price * quantity * instrument.multiplier - commissionMinor / minorScale);

      if ((n + 1) % CHECKPOINT_EVERY === 0) checkpoint(n + 1);
    }
    assert.ok(flips > 50_000 && closes > 50_000, `the data exercises flips (${flips}) and exact closes (${closes})`);
    t.diagnostic(`${FILLS} fills: ${flips} flips, ${closes} exact closes; float portfolio off at ${floatDrifted} of ${(FILLS / CHECKPOINT_EVERY) * ACCOUNTS.length} account checkpoints`);
    assert.ok(floatDrifted > 0, 'a float portfolio differs from the exact one at some checkpoint');
  });
});
