import { ACCOUNT_BOOK, fromUnits, minorDigitsOf, notionalMinor, toUnits } from '../core/index.js';
import type { Instrument, InstrumentProvider, OrderView, PortfolioView, TradeIntent } from '../core/index.js';

/** What the exposure is computed from (a ExposureInputs has all of it). */
export interface ExposureInputs {
  readonly accountId: string;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly pending: readonly TradeIntent[];
}

/**
 * The account's exposure if its open orders (and earlier basket legs) filled, before and after one intent,
 * in the account's minor units. Per instrument the worst case is taken: all buys fill, or all sells fill
 * (orders that could offset each other might not both fill), so no subset of fills can exceed it.
 */
export interface ExposureResult {
  /** Why the exposure cannot be valued (unknown instrument, no price, another currency); rules fail closed. */
  readonly problem: string | undefined;
  readonly equityMinor: number;
  readonly currency: string;
  readonly grossBeforeMinor: number;
  readonly grossAfterMinor: number;
  /** Worst-case |net|: the larger of "every buy fills" and "every sell fills". */
  readonly netBeforeMinor: number;
  readonly netAfterMinor: number;
}

export interface ExposureView {
  /** The potential exposure of `ctx.accountId` around `intent`; computed once per evaluation and shared by rules. */
  of(intent: TradeIntent, ctx: ExposureInputs): ExposureResult;
}

interface Slot {
  instrumentId: string;
  baseUnits: number;
  buyUnits: number;
  sellUnits: number;
  fallbackPrice: number;
  instrument: Instrument | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reuses its slots and result between evaluations: the hot path allocates only the ports' own arrays. An account
 * trades a handful of instruments, so the slots are a short array searched linearly (cheaper than a Map here).
 */
export class PotentialExposure implements ExposureView {
  private readonly pool: Slot[] = [];
  private used = 0;
  private epoch = 0;
  private cachedEpoch = -1;
  private cachedIntent: TradeIntent | undefined;
  private readonly result: Mutable<ExposureResult> = {
    problem: undefined, equityMinor: 0, currency: '', grossBeforeMinor: 0, grossAfterMinor: 0, netBeforeMinor: 0, netAfterMinor: 0,
  };

  /** A new evaluation begins: forget the cached result. */
  invalidate(): void {
    this.epoch++;
  }

  of(intent: TradeIntent, ctx: ExposureInputs): ExposureResult {
    if (this.cachedEpoch === this.epoch && this.cachedIntent === intent) return this.result;
    this.compute(intent, ctx);
    this.cachedEpoch = this.epoch;
    this.cachedIntent = intent;
    return this.result;
  }

  private compute(intent: TradeIntent, ctx: ExposureInputs): void {
    const { accountId, portfolio } = ctx;
    const r = this.result;
    this.used = 0;
    r.problem = undefined;
    r.equityMinor = portfolio.equityMinor(accountId);
    r.currency = portfolio.account(accountId)?.currency ?? ctx.instruments.get(intent.instrumentId)?.currency ?? '';
    const positions = portfolio.positions(accountId);
    for (let i = 0; i < positions.length; i++) {
      const book = positions[i]!;
      if (book.strategyId !== ACCOUNT_BOOK || book.quantity === 0) continue;
      const slot = this.slot(book.instrumentId, ctx);
      if (slot.instrument !== undefined) slot.baseUnits += toUnits(book.quantity, slot.instrument.quantityPrecision);
      slot.fallbackPrice = book.avgPrice;
    }
    const orders = ctx.orders.openOrders({ accountId });
    for (let i = 0; i < orders.length; i++) {
      const order = orders[i]!;
      const slot = this.slot(order.instrumentId, ctx);
      if (slot.instrument === undefined) continue;
      const qp = slot.instrument.quantityPrecision;
      const leaves = toUnits(order.quantity, qp) - toUnits(order.filledQuantity, qp);
      if (order.side === 'BUY') slot.buyUnits += leaves;
      else slot.sellUnits += leaves;
      if (!(slot.fallbackPrice > 0)) slot.fallbackPrice = order.limitPrice ?? order.stopPrice ?? Number.NaN;
    }
    for (let i = 0; i < ctx.pending.length; i++) this.addIntent(ctx.pending[i]!, ctx);
    const own = this.slot(intent.instrumentId, ctx);
    if (!(own.fallbackPrice > 0)) own.fallbackPrice = intent.limitPrice ?? intent.stopPrice ?? Number.NaN;
    this.total(intent, own, ctx);
  }

  private addIntent(leg: TradeIntent, ctx: ExposureInputs): void {
    const slot = this.slot(leg.instrumentId, ctx);
    if (slot.instrument === undefined) return;
    const units = toUnits(leg.quantity, slot.instrument.quantityPrecision);
    if (leg.side === 'BUY') slot.buyUnits += units;
    else slot.sellUnits += units;
    if (!(slot.fallbackPrice > 0)) slot.fallbackPrice = leg.limitPrice ?? leg.stopPrice ?? Number.NaN;
  }

  private total(intent: TradeIntent, own: Slot, ctx: ExposureInputs): void {
    const r = this.result;
    let grossBefore = 0;
    let grossAfter = 0;
    let highBefore = 0;
    let lowBefore = 0;
    let highAfter = 0;
    let lowAfter = 0;
    for (let i = 0; i < this.used; i++) {
      const slot = this.pool[i]!;
      const instrument = slot.instrument;
      if (instrument === undefined) return this.fail(`unknown instrument ${slot.instrumentId}: its exposure cannot be valued`);
      if (r.currency !== '' && instrument.currency !== r.currency) {
        return this.fail(`${instrument.id} trades in ${instrument.currency} but account ${ctx.accountId} is in ${r.currency}; no FX conversion`);
      }
      const price = ctx.portfolio.lastPrice(slot.instrumentId) ?? slot.fallbackPrice;
      if (!(price > 0)) return this.fail(`no market price for ${slot.instrumentId}`);
      const long = slot.baseUnits + slot.buyUnits;
      const short = slot.baseUnits - slot.sellUnits;
      const valueLong = signedValue(long, price, instrument);
      const valueShort = signedValue(short, price, instrument);
      const worst = Math.max(Math.abs(valueLong), Math.abs(valueShort));
      grossBefore += worst;
      highBefore += valueLong;
      lowBefore += valueShort;
      if (slot !== own) {
        grossAfter += worst;
        highAfter += valueLong;
        lowAfter += valueShort;
        continue;
      }
      const tradeUnits = toUnits(intent.quantity, instrument.quantityPrecision);
      const longAfter = intent.side === 'BUY' ? signedValue(long + tradeUnits, price, instrument) : valueLong;
      const shortAfter = intent.side === 'SELL' ? signedValue(short - tradeUnits, price, instrument) : valueShort;
      grossAfter += Math.max(Math.abs(longAfter), Math.abs(shortAfter));
      highAfter += longAfter;
      lowAfter += shortAfter;
    }
    r.grossBeforeMinor = grossBefore;
    r.grossAfterMinor = grossAfter;
    r.netBeforeMinor = Math.max(Math.abs(highBefore), Math.abs(lowBefore));
    r.netAfterMinor = Math.max(Math.abs(highAfter), Math.abs(lowAfter));
  }

  private fail(problem: string): void {
    this.result.problem = problem;
  }

  private slot(instrumentId: string, ctx: ExposureInputs): Slot {
    for (let i = 0; i < this.used; i++) if (this.pool[i]!.instrumentId === instrumentId) return this.pool[i]!;
    let slot = this.pool[this.used];
    if (slot === undefined) {
      slot = { instrumentId, baseUnits: 0, buyUnits: 0, sellUnits: 0, fallbackPrice: Number.NaN, instrument: undefined };
      this.pool.push(slot);
    }
    this.used++;
    slot.instrumentId = instrumentId;
    slot.baseUnits = 0;
    slot.buyUnits = 0;
    slot.sellUnits = 0;
    slot.fallbackPrice = Number.NaN;
    slot.instrument = ctx.instruments.get(instrumentId);
    return slot;
  }
}

/** Signed market value of `units` of the instrument at `price`, in minor units of its currency. */
export function signedValue(units: number, price: number, instrument: Instrument): number {
  if (units === 0) return 0;
  const qp = instrument.quantityPrecision;
  const value = notionalMinor(price, fromUnits(Math.abs(units), qp), instrument.pricePrecision, qp, minorDigitsOf(instrument.currency), instrument.multiplier);
  return units < 0 ? -value : value;
}
