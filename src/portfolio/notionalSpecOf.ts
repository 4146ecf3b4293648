import { FortressError, minorDigitsOf } from '../core/index.js';
import type { Instrument } from '../core/index.js';
import type { NotionalSpec } from './foldFill.js';

/** The grids a book of `instrument` computes money on, refusing a currency it cannot convert. */
export function notionalSpecOf(instrument: Instrument, currency: string): NotionalSpec {
  if (instrument.currency !== currency) {
    throw new FortressError(
      'PORTFOLIO_CURRENCY_MISMATCH',
      `instrument ${instrument.id} trades in ${instrument.currency}, the book is in ${currency} (no FX conversion)`,
      { instrumentId: instrument.id, instrumentCurrency: instrument.currency, currency },
    );
  }
  return {
    pricePrecision: instrument.pricePrecision,
    quantityPrecision: instrument.quantityPrecision,
    minorDigits: minorDigitsOf(currency),
    multiplier: instrument.multiplier,
  };
}
