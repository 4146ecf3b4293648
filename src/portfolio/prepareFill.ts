import { ACCOUNT_BOOK, FortressError, InvariantError, decimalsOf, pow10, sideSign, toUnits } from '../core/index.js';
import type { EventPayloads, Instrument } from '../core/index.js';
import type { NotionalSpec } from './foldFill.js';
import { notionalSpecOf } from './notionalSpecOf.js';

export interface PreparedFill {
  readonly sign: 1 | -1;
  readonly quantityUnits: number;
  /** The book's grids: the instrument's, in the account currency. */
  readonly spec: NotionalSpec;
  /** The grids this fill's money is computed on: `spec` with more price decimals when the price is off the tick grid. */
  readonly fillSpec: NotionalSpec;
}

/** Most extra price decimals kept for a fill off the tick grid (a broker's average price). */
const MAX_EXTRA_PRICE_DECIMALS = 6;

/**
 * Check a fill before anything is folded and put it on integer grids. Unbookable fills (unknown instrument,
 * another currency) throw a FortressError with a stable code; impossible numbers throw an InvariantError.
 */
export function prepareFill(fill: EventPayloads['OrderFilled'], instrument: Instrument | undefined, accountCurrency: string | undefined): PreparedFill {
  if (instrument === undefined) {
    throw new FortressError('PORTFOLIO_UNKNOWN_INSTRUMENT', `fill ${fill.fillId} is for unknown instrument ${fill.instrumentId}`, { fillId: fill.fillId });
  }
  if (fill.strategyId === ACCOUNT_BOOK) throw new InvariantError(`fill ${fill.fillId}: strategy id ${ACCOUNT_BOOK} is reserved for the account book`);
  if (!(fill.quantity > 0) || !Number.isFinite(fill.price) || !Number.isSafeInteger(fill.commissionMinor)) {
    throw new InvariantError(`fill ${fill.fillId} has impossible numbers`, { quantity: fill.quantity, price: fill.price, commissionMinor: fill.commissionMinor });
  }
  const currency = accountCurrency ?? instrument.currency;
  if (fill.currency !== currency) {
    throw new FortressError('PORTFOLIO_CURRENCY_MISMATCH', `fill ${fill.fillId} is in ${fill.currency}, account ${fill.accountId} in ${currency}`, { fillId: fill.fillId });
  }
  const quantityUnits = toUnits(fill.quantity, instrument.quantityPrecision);
  if (quantityUnits <= 0) throw new InvariantError(`fill ${fill.fillId}: quantity ${fill.quantity} is below the lot grid of ${instrument.id}`);
  const spec = notionalSpecOf(instrument, currency);
  return { sign: sideSign(fill.side), quantityUnits, spec, fillSpec: specForPrice(spec, fill.price) };
}

/** Keep an off-grid price's own decimals (up to 6 more) so its money is still exact, not snapped to a tick. */
function specForPrice(spec: NotionalSpec, price: number): NotionalSpec {
  const decimals = decimalsOf(price);
  if (decimals <= spec.pricePrecision) return spec;
  let precision = Math.min(decimals, spec.pricePrecision + MAX_EXTRA_PRICE_DECIMALS);
  while (precision > spec.pricePrecision && Math.abs(price) * pow10(precision) > Number.MAX_SAFE_INTEGER) precision--;
  return { ...spec, pricePrecision: precision };
}
