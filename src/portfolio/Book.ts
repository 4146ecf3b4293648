import { MAX_PRECISION, fromUnits, pow10, roundTo, toUnits } from '../core/index.js';
import type { PositionSnapshot } from '../core/index.js';
import type { BookFold, FoldOutcome, NotionalSpec } from './foldFill.js';
import { notionalOfUnits } from './foldFill.js';

/**
 * How a net book is counted in its ledger's marked totals: not at all (flat), at a last price above zero, without
 * one (valued at cost for equity), or not at all because its price cannot be valued (NaN, beyond the exact range).
 */
export type MarkState = 'flat' | 'priced' | 'unpriced' | 'unvalued';

/**
 * One book: (account, strategy, instrument), or the account's net book (strategy `*`). Mutable inside the
 * portfolio only; the outside sees immutable `PositionSnapshot`s, cached until the next fill.
 */
export class Book implements BookFold {
  quantityUnits = 0;
  costMinor = 0;
  realizedMinor = 0;
  commissionMinor = 0;
  openedTs = 0;
  private cached: PositionSnapshot | undefined;
  /** What this (net) book adds to its ledger's marked totals (see AccountLedger.remark). */
  markedMinor = 0;
  markedState: MarkState = 'flat';
  /** Last mark and its value: equity sampled every bar recomputes a notional only when the price moved. */
  private markPrice = Number.NaN;
  private markUnits = 0;
  private markValueMinor = 0;

  constructor(
    readonly accountId: string,
    readonly strategyId: string,
    readonly instrumentId: string,
    readonly currency: string,
    readonly spec: NotionalSpec,
  ) {}

  commit(outcome: FoldOutcome, commissionMinor: number): void {
    this.quantityUnits = outcome.quantityUnits;
    this.costMinor = outcome.costMinor;
    this.realizedMinor = outcome.realizedMinor;
    this.openedTs = outcome.openedTs;
    this.commissionMinor += commissionMinor;
    this.cached = undefined;
  }

  /** Replace the state with a restored snapshot (quantity back on the unit grid). */
  load(snapshot: PositionSnapshot): void {
    this.quantityUnits = toUnits(snapshot.quantity, this.spec.quantityPrecision);
    this.costMinor = snapshot.costMinor;
    this.realizedMinor = snapshot.realizedMinor;
    this.commissionMinor = snapshot.commissionMinor;
    this.openedTs = snapshot.openedTs;
    this.cached = undefined;
  }

  /** Signed market value at `price` (cost basis when there is no price yet); allocation-free. */
  marketValueMinor(price: number | undefined): number {
    const units = this.quantityUnits;
    if (units === 0) return 0;
    if (price === undefined) return this.costMinor;
    if (price !== this.markPrice || units !== this.markUnits) {
      const notional = notionalOfUnits(price, units < 0 ? -units : units, this.spec);
      this.markPrice = price;
      this.markUnits = units;
      this.markValueMinor = units < 0 ? -notional : notional;
    }
    return this.markValueMinor;
  }

  snapshot(): PositionSnapshot {
    this.cached ??= Object.freeze({
      accountId: this.accountId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      currency: this.currency,
      quantity: fromUnits(this.quantityUnits, this.spec.quantityPrecision),
      avgPrice: this.avgPrice(),
      costMinor: this.costMinor,
      realizedMinor: this.realizedMinor,
      commissionMinor: this.commissionMinor,
      openedTs: this.openedTs,
    });
    return this.cached;
  }

  /** |cost| / 10^minor / |qty| / multiplier, to pricePrecision + 4 decimals: for display only. */
  private avgPrice(): number {
    if (this.quantityUnits === 0) return 0;
    const { pricePrecision, quantityPrecision, minorDigits, multiplier } = this.spec;
    const quantity = fromUnits(Math.abs(this.quantityUnits), quantityPrecision);
    const raw = Math.abs(this.costMinor) / pow10(minorDigits) / quantity / multiplier;
    let digits = Math.min(pricePrecision + 4, MAX_PRECISION);
    while (digits > 0 && raw * pow10(digits) > Number.MAX_SAFE_INTEGER) digits--;
    return roundTo(raw, digits);
  }
}
