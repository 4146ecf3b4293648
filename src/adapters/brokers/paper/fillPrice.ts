import type { Bar, Tick } from '../../../core/index.js';
import { slippedPrice } from './slippedPrice.js';
import { trailingBarPrice, trailingTickPrice } from './trailingStop.js';
import type { WorkingOrder } from './WorkingOrder.js';

/** A limit order in a bar: a buy fills when the bar trades at or below the limit, at the open if the open is already there, else at the limit. */
function limitInBar(buy: boolean, limit: number, bar: Bar): number {
  if (buy) return bar.low <= limit ? (bar.open <= limit ? bar.open : limit) : Number.NaN;
  return bar.high >= limit ? (bar.open >= limit ? bar.open : limit) : Number.NaN;
}

/**
 * Where a working order trades in `bar`, or NaN when it does not. `marketPrice` is what a market execution
 * gets (the bar's open for next-open, its close for the close model). Marks stops `triggered` (the only
 * mutation). A stop-limit whose trigger price is already beyond its limit waits for later bars as a limit.
 */
export function barFillPrice(order: WorkingOrder, bar: Bar, marketPrice: number, slippageBps: number): number {
  const buy = order.side === 'BUY';
  const limit = order.limitPrice ?? Number.NaN;
  const stop = order.stopPrice ?? Number.NaN;
  switch (order.type) {
    case 'MARKET':
      return slippedPrice(marketPrice, order.side, slippageBps, order.instrument);
    case 'LIMIT':
      return limitInBar(buy, limit, bar);
    case 'STOP':
      if (order.triggered) return slippedPrice(marketPrice, order.side, slippageBps, order.instrument);
      if (!(buy ? bar.high >= stop : bar.low <= stop)) return Number.NaN;
      order.triggered = true;
      return slippedPrice(buy ? Math.max(bar.open, stop) : Math.min(bar.open, stop), order.side, slippageBps, order.instrument);
    case 'STOP_LIMIT': {
      if (order.triggered) return limitInBar(buy, limit, bar);
      if (!(buy ? bar.high >= stop : bar.low <= stop)) return Number.NaN;
      order.triggered = true;
      const triggerPrice = buy ? Math.max(bar.open, stop) : Math.min(bar.open, stop);
      return (buy ? triggerPrice <= limit : triggerPrice >= limit) ? triggerPrice : Number.NaN;
    }
    case 'TRAILING_STOP':
      return trailingBarPrice(order, bar, marketPrice, slippageBps);
  }
}

/**
 * Where a working order trades on `tick`, or NaN. Buys trade at the ask (sells at the bid) when the tick
 * carries one, else at the trade price; stops trigger on the trade price.
 */
export function tickFillPrice(order: WorkingOrder, tick: Tick, slippageBps: number): number {
  if (order.type === 'TRAILING_STOP') return trailingTickPrice(order, tick, slippageBps);
  const buy = order.side === 'BUY';
  const reference = buy ? (tick.ask ?? tick.price) : (tick.bid ?? tick.price);
  const limit = order.limitPrice ?? Number.NaN;
  const stop = order.stopPrice ?? Number.NaN;
  if ((order.type === 'STOP' || order.type === 'STOP_LIMIT') && !order.triggered) {
    if (!(buy ? tick.price >= stop : tick.price <= stop)) return Number.NaN;
    order.triggered = true;
  }
  if (order.type === 'MARKET' || order.type === 'STOP') return slippedPrice(reference, order.side, slippageBps, order.instrument);
  return (buy ? reference <= limit : reference >= limit) ? reference : Number.NaN;
}
