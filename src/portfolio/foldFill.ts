import { mulDivRound, notionalMinorOfUnits } from '../core/index.js';

/*
 * THE MONEY RULE — exact, in integer minor units. Every book (a strategy's, or the account's net) folds
 * its fills with it, and nothing else touches P&L or cash.
 *
 * A fill of quantity q (integer grid units of 10^-quantityPrecision) at price p:
 *   notional(q) = notionalMinor(p, q, pricePrecision, quantityPrecision, minorDigitsOf(currency), multiplier)
 *                 — price × quantity × multiplier rounded half-even to the minor unit, once per fill portion.
 *   The fill increases the position (same direction, or from flat):
 *     costMinor += sign × notional(q)
 *   The fill reduces it:
 *     closeQty      = min(q, |pos|)
 *     removedCost   = mulDivRound(costMinor, closeQty, |pos|)        (half-even, in units)
 *     realized     += sign(pos) × notional(closeQty) − removedCost
 *     costMinor    −= removedCost                                    (exactly 0 when the book closes)
 *     and when it flips through zero the remainder q − closeQty opens a new position with its own notional.
 *   Cash flow of the fill = −sign × Σ notional portions (a buy pays, a sell receives); the commission is
 *   charged on top by the caller and kept separately (realized P&L is gross; net = realized − commission).
 *
 * Consequence, exact to the minor unit for every book at every step:
 *   Σ cash flow = realized − costMinor        (so a book back to flat has Δcash = realized − commission).
 */

/** What the notional of a fill portion depends on: the instrument's grids and the currency's minor unit. */
export interface NotionalSpec {
  readonly pricePrecision: number;
  readonly quantityPrecision: number;
  readonly minorDigits: number;
  readonly multiplier: number;
}

/** The part of a book the rule folds. Quantities are signed integer grid units. */
export interface BookFold {
  readonly quantityUnits: number;
  readonly costMinor: number;
  readonly realizedMinor: number;
  /** When the current non-flat position was opened; 0 when flat. */
  readonly openedTs: number;
}

export interface FoldOutcome extends BookFold {
  /** Signed cash of this fill's notional portions (negative for a buy), commission excluded. */
  readonly cashFlowMinor: number;
}

/** Money value of `quantityUnits` (unsigned) at `price`. */
export function notionalOfUnits(price: number, quantityUnits: number, spec: NotionalSpec): number {
  return notionalMinorOfUnits(
    price,
    quantityUnits,
    spec.pricePrecision,
    spec.quantityPrecision,
    spec.minorDigits,
    spec.multiplier,
  );
}

/** The book after one fill (`sign` +1 buy, −1 sell; `quantityUnits` > 0). Pure: returns a new value. */
export function foldFill(book: BookFold, sign: 1 | -1, quantityUnits: number, price: number, fillTs: number, spec: NotionalSpec): FoldOutcome {
  const position = book.quantityUnits;
  if (position === 0 || (position > 0) === (sign > 0)) {
    const notional = notionalOfUnits(price, quantityUnits, spec);
    return {
      quantityUnits: position + sign * quantityUnits,
      costMinor: book.costMinor + sign * notional,
      realizedMinor: book.realizedMinor,
      openedTs: position === 0 ? fillTs : book.openedTs,
      cashFlowMinor: -sign * notional,
    };
  }
  const positionSign = position > 0 ? 1 : -1;
  const openUnits = positionSign * position;
  const closeUnits = Math.min(quantityUnits, openUnits);
  const removedCostMinor = mulDivRound(book.costMinor, closeUnits, openUnits);
  const closeNotional = notionalOfUnits(price, closeUnits, spec);
  const realizedMinor = book.realizedMinor + positionSign * closeNotional - removedCostMinor;
  const restUnits = quantityUnits - closeUnits;
  if (restUnits === 0) {
    const quantityAfter = position + sign * closeUnits;
    return {
      quantityUnits: quantityAfter,
      costMinor: book.costMinor - removedCostMinor,
      realizedMinor,
      openedTs: quantityAfter === 0 ? 0 : book.openedTs,
      cashFlowMinor: positionSign * closeNotional,
    };
  }
  // Flip: the old position is closed in full (its whole cost removed), the remainder opens a new one.
  const openNotional = notionalOfUnits(price, restUnits, spec);
  return {
    quantityUnits: sign * restUnits,
    costMinor: sign * openNotional,
    realizedMinor,
    openedTs: fillTs,
    cashFlowMinor: positionSign * closeNotional - sign * openNotional,
  };
}
