import { fromUnits, pow10, toUnits, type Instrument } from '../core/index.js';
import { sizeByAtrRisk } from './sizeByAtrRisk.js';
import { sizeByBudget } from './sizeByBudget.js';
import type { ResolvedSizingConfig, SizeResult, SizingInput } from './sizingConfig.js';

export { SIZING_MODES, parseSizingConfig, sizingConfigSchema } from './sizingConfig.js';
export type { ResolvedSizingConfig, SizeResult, SizingConfig, SizingInput, SizingMode } from './sizingConfig.js';

/** Round a quantity down to a whole number of lots (never up: sizing must not exceed what was asked). */
export function roundDownToLot(quantity: number, instrument: Instrument): number {
  const lotUnits = toUnits(instrument.lotSize, instrument.quantityPrecision);
  const qtyUnits = Math.floor(quantity * pow10(instrument.quantityPrecision) + 1e-9);
  return fromUnits(Math.floor(qtyUnits / lotUnits) * lotUnits, instrument.quantityPrecision);
}

/** The quantity of a new entry under `sizing`, rounded down to whole lots. */
export function sizeEntry(sizing: ResolvedSizingConfig, input: SizingInput): SizeResult {
  if (input.requested !== undefined) return lots(roundDownToLot(input.requested, input.instrument), input.instrument);
  switch (sizing.mode) {
    case 'fixed-quantity':
      return lots(roundDownToLot(sizing.quantity, input.instrument), input.instrument);
    case 'fixed-notional':
    case 'pct-equity':
      return sizeByBudget(sizing, input);
    case 'atr-risk':
      return sizeByAtrRisk(sizing, input);
  }
}

function lots(quantity: number, instrument: Instrument): SizeResult {
  return quantity > 0 ? { quantity } : { ignore: `sized quantity is below one lot (${instrument.lotSize})` };
}
