import { minorDigitsOf, notionalMinor, roundToTick } from '../core/index.js';
import { shareOf, wholeLots } from './sizeByBudget.js';
import type { ResolvedSizingConfig, SizeResult, SizingInput } from './sizingConfig.js';

type AtrSizing = Extract<ResolvedSizingConfig, { mode: 'atr-risk' }>;

/**
 * Volatility sizing: the money at risk per trade is `riskPctOfEquity`% of equity, the stop is `atrMultiple` ATRs
 * away (rounded up to the tick, so the risk is never understated), and the quantity is the whole number of lots
 * whose loss at the stop fits in that budget.
 */
export function sizeByAtrRisk(sizing: AtrSizing, input: SizingInput): SizeResult {
  const { instrument, atr } = input;
  if (!(atr > 0)) return { ignore: `ATR(${sizing.atrPeriod}) of ${instrument.id} is not ready yet` };
  if (input.accountCurrency !== undefined && input.accountCurrency !== instrument.currency) {
    return { ignore: `${instrument.id} trades in ${instrument.currency}, the account in ${input.accountCurrency}: no FX to size by equity` };
  }
  if (!(input.equityMinor > 0)) return { ignore: `no positive equity to size an atr-risk entry (${input.equityMinor} minor units)` };
  const pp = instrument.pricePrecision;
  const stopDistance = roundToTick(atr * sizing.atrMultiple, instrument.tickSize, pp, 'up');
  const budgetMinor = shareOf(input.equityMinor, sizing.riskPctOfEquity);
  const perLotRiskMinor = notionalMinor(stopDistance, instrument.lotSize, pp, instrument.quantityPrecision, minorDigitsOf(instrument.currency), instrument.multiplier);
  return wholeLots(budgetMinor, perLotRiskMinor, instrument, `risk budget ${budgetMinor} minor units with a stop ${stopDistance} away`);
}
