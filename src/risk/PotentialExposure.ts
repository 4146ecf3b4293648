import { ACCOUNT_BOOK, minorDigitsOf, notionalMinorOfUnits, toUnits } from '../core/index.js';
import type { Instrument, InstrumentProvider, MarkedPositions, OrderView, PortfolioView, TradeIntent } from '../core/index.js';

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
  readonly instrumentId: string;
  /** The computation that last used it (a slot is reset when first touched by a new one). */
  computation: number;
  baseUnits: number;
  buyUnits: number;
  sellUnits: number;
  fallbackPrice: number;
  instrument: Instrument | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Slots kept between computations (one per instrument valued); beyond this many they are dropped and rebuilt. */
const MAX_SLOTS = 4096;

/**
 * Reuses its slots and result between evaluations: the hot path allocates only the ports' own arrays. One slot
 * per instrument ever valued, found by one Map lookup and reset when a computation first touches it; `used`
 * lists this computation's slots in the order they were first touched (the order problems are reported in).
 */
export class PotentialExposure implements ExposureView {
  private readonly slots = new Map<string, Slot>();
  private readonly pool: Slot[] = [];
  private used = 0;
  private computation = 0;
  /** This computation starts from the portfolio's marked positions; slots hold only the instruments with orders, legs or the intent. */
  private marked: MarkedPositions | undefined;
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
    this.computation++;
    if (this.slots.size > MAX_SLOTS) this.slots.clear(); // ids nobody trades (unknown instruments) do not pile up
    r.problem = undefined;
    r.equityMinor = portfolio.equityMinor(accountId);
    r.currency = portfolio.account(accountId)?.currency ?? ctx.instruments.get(intent.instrumentId)?.currency ?? '';
    // With every position already marked at a last price (the portfolio keeps the sums), only the instruments with
    // orders, basket legs or the intent are valued here; the sums are the same as valuing every position.
    const marked = portfolio.markedPositions?.(accountId);
    this.marked = marked !== undefined && marked.unpricedPositions === 0 ? marked : undefined;
    if (this.marked === undefined) {
      const positions = portfolio.positions(accountId);
      for (let i = 0; i < positions.length; i++) {
        const book = positions[i]!;
        if (book.strategyId !== ACCOUNT_BOOK || book.quantity === 0) continue;
        const slot = this.slot(book.instrumentId, ctx);
        if (slot.instrument !== undefined) slot.baseUnits += toUnits(book.quantity, slot.instrument.quantityPrecision);
        slot.fallbackPrice = book.avgPrice;
      }
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
    const marked = this.marked;
    // Every marked position counted as it stands; each slot below then swaps its position's value for its own.
    let grossBefore = marked === undefined ? 0 : marked.grossMinor;
    let highBefore = marked === undefined ? 0 : marked.netMinor;
    let lowBefore = highBefore;
    let grossAfter = grossBefore;
    let highAfter = highBefore;
    let lowAfter = highBefore;
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
      const valueShort = short === long ? valueLong : signedValue(short, price, instrument); // no open orders: one valuation
      const worst = Math.max(Math.abs(valueLong), Math.abs(valueShort));
      // The position's own value, already in the marked sums (0 without them or without a position).
      const base = marked === undefined || slot.baseUnits === 0 ? 0 : signedValue(slot.baseUnits, price, instrument);
      const baseAbs = base < 0 ? -base : base;
      grossBefore += worst - baseAbs;
      highBefore += valueLong - base;
      lowBefore += valueShort - base;
      if (slot !== own) {
        grossAfter += worst - baseAbs;
        highAfter += valueLong - base;
        lowAfter += valueShort - base;
        continue;
      }
      const tradeUnits = toUnits(intent.quantity, instrument.quantityPrecision);
      const longAfter = intent.side === 'BUY' ? signedValue(long + tradeUnits, price, instrument) : valueLong;
      const shortAfter = intent.side === 'SELL' ? signedValue(short - tradeUnits, price, instrument) : valueShort;
      grossAfter += Math.max(Math.abs(longAfter), Math.abs(shortAfter)) - baseAbs;
      highAfter += longAfter - base;
      lowAfter += shortAfter - base;
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
    let slot = this.slots.get(instrumentId);
    if (slot === undefined) {
      slot = { instrumentId, computation: 0, baseUnits: 0, buyUnits: 0, sellUnits: 0, fallbackPrice: Number.NaN, instrument: undefined };
      this.slots.set(instrumentId, slot);
    }
    if (slot.computation === this.computation) return slot;
    slot.computation = this.computation;
    this.pool[this.used++] = slot;
    slot.baseUnits = 0;
    slot.buyUnits = 0;
    slot.sellUnits = 0;
    slot.fallbackPrice = Number.NaN;
    slot.instrument = ctx.instruments.get(instrumentId);
    if (this.marked !== undefined) {
      // As the positions loop would have seeded it: the account's net position in the instrument.
      const position = ctx.portfolio.position(ctx.accountId, instrumentId);
      if (position !== undefined && position.quantity !== 0) {
        if (slot.instrument !== undefined) slot.baseUnits = toUnits(position.quantity, slot.instrument.quantityPrecision);
        slot.fallbackPrice = position.avgPrice;
      }
    }
    return slot;
  }
}

/** Signed market value of `units` of the instrument at `price`, in minor units of its currency. */
export function signedValue(units: number, price: number, instrument: Instrument): number {
  if (units === 0) return 0;
  const value = notionalMinorOfUnits(price, units < 0 ? -units : units, instrument.pricePrecision, instrument.quantityPrecision, minorDigitsOf(instrument.currency), instrument.multiplier);
  return units < 0 ? -value : value;
}
