import { amountToMinor, decimalsOf, fromUnits, minorDigitsOf, notionalMinor, pow10, toUnits, type Instrument } from '../core/index.js';
import { floorMulDiv } from './floorMulDiv.js';
import type { ResolvedSizingConfig, SizeResult, SizingInput } from './sizingConfig.js';

type BudgetSizing = Extract<ResolvedSizingConfig, { mode: 'fixed-notional' | 'pct-equity' }>;

/** Whole lots whose value at the price fits in a money budget: a fixed notional, or a share of equity. Exact in minor units. */
export function sizeByBudget(sizing: BudgetSizing, input: SizingInput): SizeResult {
  const { instrument, price } = input;
  if (price === undefined || !(price > 0)) return { ignore: `no price for ${instrument.id} to size a ${sizing.mode} entry` };
  const digits = minorDigitsOf(instrument.currency);
  let budgetMinor: number;
  if (sizing.mode === 'fixed-notional') {
    budgetMinor = amountToMinor(sizing.notional, digits);
  } else {
    if (input.accountCurrency !== undefined && input.accountCurrency !== instrument.currency) {
      return { ignore: `${instrument.id} trades in ${instrument.currency}, the account in ${input.accountCurrency}: no FX to size by equity` };
    }
    if (!(input.equityMinor > 0)) return { ignore: `no positive equity to size a pct-equity entry (${input.equityMinor} minor units)` };
    budgetMinor = shareOf(input.equityMinor, sizing.pctOfEquity);
  }
  const perLotMinor = notionalMinor(price, instrument.lotSize, instrument.pricePrecision, instrument.quantityPrecision, digits, instrument.multiplier);
  return wholeLots(budgetMinor, perLotMinor, instrument, `${sizing.mode} budget ${budgetMinor} minor units at ${price}`);
}

/** floor(amountMinor × pct / 100), exactly. */
export function shareOf(amountMinor: number, pct: number): number {
  const digits = decimalsOf(pct);
  return floorMulDiv(amountMinor, toUnits(pct, digits), 100 * pow10(digits));
}

/** As many whole lots as `budgetMinor` pays for at `perLotMinor` each. */
export function wholeLots(budgetMinor: number, perLotMinor: number, instrument: Instrument, what: string): SizeResult {
  if (!(perLotMinor > 0)) return { ignore: `one lot of ${instrument.id} has no value to size against` };
  const lots = budgetMinor > 0 ? floorMulDiv(budgetMinor, 1, perLotMinor) : 0;
  if (lots < 1) return { ignore: `${what} does not buy one lot (${instrument.lotSize}) of ${instrument.id}` };
  const qp = instrument.quantityPrecision;
  return { quantity: fromUnits(lots * toUnits(instrument.lotSize, qp), qp) };
}
