import { toUnits, fromUnits, type Instrument } from '../core/index.js';

export const SIZING_MODES = ['fixed-quantity'] as const;
export type SizingMode = (typeof SIZING_MODES)[number];

export interface SizingConfig {
  readonly mode: SizingMode;
  /** Quantity per entry for `fixed-quantity`. */
  readonly quantity: number;
}

/** Round a quantity down to a whole number of lots (never up: sizing must not exceed what was asked). */
export function roundDownToLot(quantity: number, instrument: Instrument): number {
  const lotUnits = toUnits(instrument.lotSize, instrument.quantityPrecision);
  const qtyUnits = Math.floor(quantity * 10 ** instrument.quantityPrecision + 1e-9);
  return fromUnits(Math.floor(qtyUnits / lotUnits) * lotUnits, instrument.quantityPrecision);
}

/** Quantity for a new entry: an explicit request (external signal) wins, else the sizing rule. */
export function entryQuantity(sizing: SizingConfig, instrument: Instrument, requested: number | undefined): number {
  const raw = requested ?? sizing.quantity;
  return roundDownToLot(raw, instrument);
}
