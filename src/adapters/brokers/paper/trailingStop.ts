import { addFixed, subFixed } from '../../../core/index.js';
import type { Bar, Tick } from '../../../core/index.js';
import { slippedPrice } from './slippedPrice.js';
import type { WorkingOrder } from './WorkingOrder.js';

/**
 * Trailing stops. A sell stop (protecting a long) sits `trailingOffset` below the highest price seen since
 * the order went live and only ever moves up; a buy stop mirrors it. The stop starts from the market when
 * the order is accepted (or the first price after), or from the order's own stop price when that is
 * tighter. Triggered, it executes as a market order with slippage.
 */
export function startTrailing(order: WorkingOrder, price: number): void {
  order.bestPrice = price;
  const fromBest = stopFrom(order, price);
  const given = order.stopPrice;
  order.stopPrice = given === undefined ? fromBest : order.side === 'SELL' ? Math.max(given, fromBest) : Math.min(given, fromBest);
}

/**
 * Where a trailing stop trades in `bar`, or NaN. The open moves the stop first (it is the bar's first
 * price); the stop triggers when the bar reaches it (at the open when the bar gaps through it); otherwise
 * the bar's best price moves the stop for later bars. Within one bar the extreme is taken to come after
 * the low (for a sell stop), so a stop raised inside the bar never fills in that same bar: conservative.
 */
export function trailingBarPrice(order: WorkingOrder, bar: Bar, marketPrice: number, slippageBps: number): number {
  if (order.triggered) return slippedPrice(marketPrice, order.side, slippageBps, order.instrument);
  const sell = order.side === 'SELL';
  if (Number.isNaN(order.bestPrice)) startTrailing(order, bar.open);
  else trail(order, bar.open);
  const stop = order.stopPrice!;
  if (sell ? bar.low <= stop : bar.high >= stop) {
    order.triggered = true;
    return slippedPrice(sell ? Math.min(bar.open, stop) : Math.max(bar.open, stop), order.side, slippageBps, order.instrument);
  }
  trail(order, sell ? bar.high : bar.low);
  return Number.NaN;
}

/** Where a trailing stop trades on `tick` (at the bid for a sell, the ask for a buy, after slippage), or NaN. */
export function trailingTickPrice(order: WorkingOrder, tick: Tick, slippageBps: number): number {
  const sell = order.side === 'SELL';
  if (!order.triggered) {
    if (Number.isNaN(order.bestPrice)) startTrailing(order, tick.price);
    const stop = order.stopPrice!;
    if (!(sell ? tick.price <= stop : tick.price >= stop)) {
      trail(order, tick.price);
      return Number.NaN;
    }
    order.triggered = true;
  }
  const reference = sell ? (tick.bid ?? tick.price) : (tick.ask ?? tick.price);
  return slippedPrice(reference, order.side, slippageBps, order.instrument);
}

function trail(order: WorkingOrder, price: number): void {
  const sell = order.side === 'SELL';
  if (!(sell ? price > order.bestPrice : price < order.bestPrice)) return;
  order.bestPrice = price;
  const candidate = stopFrom(order, price);
  const stop = order.stopPrice!;
  order.stopPrice = sell ? Math.max(stop, candidate) : Math.min(stop, candidate);
}

function stopFrom(order: WorkingOrder, best: number): number {
  const precision = order.instrument.pricePrecision;
  const offset = order.trailingOffset ?? 0;
  return order.side === 'SELL' ? subFixed(best, offset, precision) : addFixed(best, offset, precision);
}
