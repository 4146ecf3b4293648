import {
  FortressError,
  fromUnits,
  minorDigitsOf,
  minorToAmount,
  mulDivRound,
  notionalMinor,
  toUnits,
  type EventPayloads,
  type Instrument,
} from '../core/index.js';
import type { OpenTrade, RoundTripTrade } from './roundTrip.js';

export type Fill = EventPayloads['OrderFilled'];

/** The round trip in progress; quantities in integer units of the instrument's quantity grid. */
interface Leg {
  readonly sign: 1 | -1;
  readonly entryTime: number;
  entryUnits: number;
  /** Σ price × quantity units, only for the display VWAP (money is summed exactly below). */
  entryPriceQty: number;
  exitUnits: number;
  exitPriceQty: number;
  exitTime: number;
  buyMinor: number;
  sellMinor: number;
  commissionMinor: number;
  maxAbsUnits: number;
  fills: number;
}

/**
 * One book's position and its round trip in progress: a fold over that book's fills. A fill that takes
 * the position through zero is split: the part that flattens closes the trade, the rest opens the next
 * one, with the fill's notional and commission shared so their sums stay exactly those of the fill.
 */
export class TradeBook {
  private positionUnits = 0;
  private leg: Leg | undefined;
  private readonly minorDigits: number;

  constructor(
    readonly accountId: string,
    readonly strategyId: string,
    readonly instrument: Instrument,
  ) {
    this.minorDigits = minorDigitsOf(instrument.currency);
  }

  /** Apply one fill; returns the trade it closed, if any. */
  apply(fill: Fill): RoundTripTrade | undefined {
    const { instrument } = this;
    if (fill.currency !== instrument.currency) {
      throw new FortressError('CURRENCY_MISMATCH', `fill ${fill.fillId} is in ${fill.currency} but ${instrument.id} trades in ${instrument.currency}`);
    }
    const qtyUnits = toUnits(fill.quantity, instrument.quantityPrecision);
    if (!(qtyUnits > 0)) throw new FortressError('INVALID_FILL', `fill ${fill.fillId} has quantity ${fill.quantity}`);
    const sign: 1 | -1 = fill.side === 'BUY' ? 1 : -1;
    const notional = notionalMinor(
      fill.price, fill.quantity, instrument.pricePrecision, instrument.quantityPrecision, this.minorDigits, instrument.multiplier,
    );
    const leg = this.leg;
    if (leg === undefined || leg.sign === sign) {
      this.addEntry(sign, fill, qtyUnits, notional, fill.commissionMinor);
      return undefined;
    }
    const openUnits = Math.abs(this.positionUnits);
    if (qtyUnits <= openUnits) {
      this.addExit(leg, fill, qtyUnits, notional, fill.commissionMinor);
      return this.positionUnits === 0 ? this.close(leg) : undefined;
    }
    // A flip: close with the part that flattens, open the next trade with the remainder.
    const closeNotional = notionalMinor(
      fill.price, fromUnits(openUnits, instrument.quantityPrecision), instrument.pricePrecision,
      instrument.quantityPrecision, this.minorDigits, instrument.multiplier,
    );
    const closeCommission = mulDivRound(fill.commissionMinor, openUnits, qtyUnits);
    this.addExit(leg, fill, openUnits, closeNotional, closeCommission);
    const closed = this.close(leg);
    this.addEntry(sign, fill, qtyUnits - openUnits, notional - closeNotional, fill.commissionMinor - closeCommission);
    return closed;
  }

  isFlat(): boolean {
    return this.leg === undefined;
  }

  /** The trade in progress, marked to `markPrice` when given. */
  openTrade(markPrice?: number): OpenTrade | undefined {
    const leg = this.leg;
    if (leg === undefined) return undefined;
    const { instrument } = this;
    const qp = instrument.quantityPrecision;
    const openUnits = Math.abs(this.positionUnits);
    const base: OpenTrade = {
      ...this.common(leg),
      openQuantity: fromUnits(openUnits, qp),
      ...(leg.exitUnits > 0 ? { exitTime: leg.exitTime, exitPrice: this.vwap(leg.exitPriceQty, leg.exitUnits) } : {}),
    };
    if (markPrice === undefined) return base;
    const markMinor = notionalMinor(
      markPrice, fromUnits(openUnits, qp), instrument.pricePrecision, qp, this.minorDigits, instrument.multiplier,
    );
    // Marking is a hypothetical exit: a long sells the rest at the mark, a short buys it back.
    const pnlMinor = leg.sellMinor - leg.buyMinor - leg.commissionMinor + leg.sign * markMinor;
    return { ...base, markPrice, pnlMinor, pnl: minorToAmount(pnlMinor, this.minorDigits) };
  }

  private addEntry(sign: 1 | -1, fill: Fill, units: number, notional: number, commission: number): void {
    let leg = this.leg;
    if (leg === undefined) {
      leg = {
        sign, entryTime: fill.fillTs, entryUnits: 0, entryPriceQty: 0, exitUnits: 0, exitPriceQty: 0, exitTime: 0,
        buyMinor: 0, sellMinor: 0, commissionMinor: 0, maxAbsUnits: 0, fills: 0,
      };
      this.leg = leg;
    }
    leg.entryUnits += units;
    leg.entryPriceQty += toUnits(fill.price, this.instrument.pricePrecision) * units;
    this.book(leg, sign, units, notional, commission);
    leg.maxAbsUnits = Math.max(leg.maxAbsUnits, Math.abs(this.positionUnits));
  }

  private addExit(leg: Leg, fill: Fill, units: number, notional: number, commission: number): void {
    leg.exitUnits += units;
    leg.exitPriceQty += toUnits(fill.price, this.instrument.pricePrecision) * units;
    leg.exitTime = fill.fillTs;
    this.book(leg, leg.sign === 1 ? -1 : 1, units, notional, commission);
  }

  private book(leg: Leg, sign: 1 | -1, units: number, notional: number, commission: number): void {
    this.positionUnits += sign * units;
    if (sign === 1) leg.buyMinor += notional;
    else leg.sellMinor += notional;
    leg.commissionMinor += commission;
    leg.fills += 1;
  }

  private close(leg: Leg): RoundTripTrade {
    this.leg = undefined;
    const pnlMinor = leg.sellMinor - leg.buyMinor - leg.commissionMinor;
    return {
      ...this.common(leg),
      exitTime: leg.exitTime,
      exitPrice: this.vwap(leg.exitPriceQty, leg.exitUnits),
      pnlMinor,
      pnl: minorToAmount(pnlMinor, this.minorDigits),
    };
  }

  private common(leg: Leg) {
    return {
      accountId: this.accountId,
      instrument: this.instrument.id,
      strategyId: this.strategyId,
      currency: this.instrument.currency,
      side: leg.sign === 1 ? ('LONG' as const) : ('SHORT' as const),
      quantity: fromUnits(leg.maxAbsUnits, this.instrument.quantityPrecision),
      entryTime: leg.entryTime,
      entryPrice: this.vwap(leg.entryPriceQty, leg.entryUnits),
      commissionMinor: leg.commissionMinor,
      commission: minorToAmount(leg.commissionMinor, this.minorDigits),
      fills: leg.fills,
    };
  }

  private vwap(priceQty: number, units: number): number {
    return priceQty / units / 10 ** this.instrument.pricePrecision;
  }
}
