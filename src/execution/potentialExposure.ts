import { decimalsOf, fromUnits, minorDigitsOf, notionalMinor, toUnits } from '../core/index.js';
import type { Instrument, Order } from '../core/index.js';

/** What the open orders would add to a position if every one of them filled (leaves quantity, not the order size). */
export interface PotentialExposure {
  /** Open buy quantity still to fill (only meaningful for one instrument: across instruments quantities do not add up). */
  readonly buyQuantity: number;
  readonly sellQuantity: number;
  /** buyQuantity − sellQuantity. */
  readonly netQuantity: number;
  /** At `priceOf(instrumentId)`, in minor units of each instrument's currency; 0 for an instrument without a price. */
  readonly buyNotionalMinor: number;
  readonly sellNotionalMinor: number;
  readonly netNotionalMinor: number;
  /** Open orders counted (a sliced order counts once, by its parent). */
  readonly orders: number;
}

export type PriceOf = (instrumentId: string) => number | undefined;

/**
 * Sum the leaves of `orders` (all of one account, already filtered) by side, exactly on each instrument's
 * grid. Every open order counts, reduce-only ones too (a bracket's take-profit and stop-loss both count as
 * sells although OCO lets only one fill): a caller wanting the worst case for a limit reads the side it needs.
 */
export function sumPotentialExposure(
  orders: Iterable<Order>,
  instrumentOf: (instrumentId: string) => Instrument | undefined,
  priceOf: PriceOf | undefined,
): PotentialExposure {
  let buyUnits = 0;
  let sellUnits = 0;
  let precision = 0;
  let buyNotionalMinor = 0;
  let sellNotionalMinor = 0;
  let count = 0;
  for (const order of orders) {
    const instrument = instrumentOf(order.instrumentId);
    const qp = instrument?.quantityPrecision ?? Math.max(decimalsOf(order.quantity), decimalsOf(order.filledQuantity));
    if (qp > precision) {
      // Rescale what was summed so far to the finer grid (instruments of one query normally share one).
      const scale = 10 ** (qp - precision);
      buyUnits *= scale;
      sellUnits *= scale;
      precision = qp;
    }
    const leaves = toUnits(order.quantity, qp) - toUnits(order.filledQuantity, qp);
    if (leaves <= 0) continue;
    count += 1;
    const units = leaves * 10 ** (precision - qp);
    if (order.side === 'BUY') buyUnits += units;
    else sellUnits += units;
    const price = priceOf?.(order.instrumentId);
    if (instrument !== undefined && price !== undefined && price > 0) {
      const notional = notionalMinor(price, fromUnits(leaves, qp), instrument.pricePrecision, qp, minorDigitsOf(instrument.currency), instrument.multiplier);
      if (order.side === 'BUY') buyNotionalMinor += notional;
      else sellNotionalMinor += notional;
    }
  }
  return {
    buyQuantity: fromUnits(buyUnits, precision),
    sellQuantity: fromUnits(sellUnits, precision),
    netQuantity: fromUnits(buyUnits - sellUnits, precision),
    buyNotionalMinor,
    sellNotionalMinor,
    netNotionalMinor: buyNotionalMinor - sellNotionalMinor,
    orders: count,
  };
}
