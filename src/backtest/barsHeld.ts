import type { BarSeries } from '../core/index.js';
import type { OpenTrade, RoundTripTrade } from './roundTrip.js';

/** Index of the first element of `ts[0..length)` that is >= `time` (ts ascending). */
export function lowerBound(ts: Float64Array, length: number, time: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The trades of `series`' instrument with `bars` set: the number of bars whose open time lies in
 * [entryTime, exitTime). A trade entered at the open of bar k and exited at the open of bar m held m − k
 * bars. Trades of other instruments are returned unchanged.
 */
export function withBarsHeld(trades: readonly RoundTripTrade[], series: BarSeries): RoundTripTrade[] {
  return trades.map((trade) => {
    if (trade.instrument !== series.instrumentId) return trade;
    const bars = lowerBound(series.ts, series.length, trade.exitTime) - lowerBound(series.ts, series.length, trade.entryTime);
    return { ...trade, bars };
  });
}

/**
 * How many bars of `series` had a position open in its instrument (for `exposureTime`): bars whose open
 * time lies in [entryTime, exitTime) of some closed trade, or at/after the entry of a trade still open.
 * Overlapping trades (several strategies on one instrument) count a bar once.
 */
export function countBarsInMarket(
  series: BarSeries,
  trades: readonly RoundTripTrade[],
  openTrades: readonly OpenTrade[] = [],
): number {
  const n = series.length;
  const depth = new Int32Array(n + 1);
  const mark = (entryTime: number, exitTime: number): void => {
    const from = lowerBound(series.ts, n, entryTime);
    const to = lowerBound(series.ts, n, exitTime);
    if (to <= from) return;
    depth[from]! += 1;
    depth[to]! -= 1;
  };
  for (const trade of trades) if (trade.instrument === series.instrumentId) mark(trade.entryTime, trade.exitTime);
  for (const trade of openTrades) if (trade.instrument === series.instrumentId) mark(trade.entryTime, Number.POSITIVE_INFINITY);
  let open = 0;
  let inMarket = 0;
  for (let i = 0; i < n; i++) {
    open += depth[i]!;
    if (open > 0) inMarket++;
  }
  return inMarket;
}
