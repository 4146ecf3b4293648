import { lowerBound } from '../../backtest/index.js';
import type { BarSeries } from '../../core/index.js';

/** The bars whose open time lies in [fromMs, toMs] (views on the same arrays: nothing is copied). */
export function sliceSeries(series: BarSeries, fromMs: number | undefined, toMs: number | undefined): BarSeries {
  if (fromMs === undefined && toMs === undefined) return series;
  const start = fromMs === undefined ? 0 : lowerBound(series.ts, series.length, fromMs);
  // The first bar after toMs: lowerBound of the next representable time.
  const end = toMs === undefined ? series.length : lowerBound(series.ts, series.length, toMs + 1);
  const stop = Math.max(start, end);
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    length: stop - start,
    ts: series.ts.subarray(start, stop),
    open: series.open.subarray(start, stop),
    high: series.high.subarray(start, stop),
    low: series.low.subarray(start, stop),
    close: series.close.subarray(start, stop),
    volume: series.volume.subarray(start, stop),
  };
}
