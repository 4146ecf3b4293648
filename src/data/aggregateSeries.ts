import { ValidationError, timeframeMs } from '../core/index.js';
import type { Bar, BarSeries, Timeframe } from '../core/index.js';
import { BarAggregator } from './BarAggregator.js';
import type { SessionOffset } from './BarAggregator.js';

export interface AggregateSeriesOptions {
  readonly sessionOffsetMs?: SessionOffset;
  /** Include the last bucket even if its inputs stop before its end (default true). */
  readonly includePartial?: boolean;
}

/** A whole series resampled to a larger timeframe (1m → 5m, 5m → 1d …), column-wise. */
export function aggregateSeries(series: BarSeries, timeframe: Timeframe, options: AggregateSeriesOptions = {}): BarSeries {
  const out: Bar[] = [];
  const aggregator = new BarAggregator({
    instrumentId: series.instrumentId,
    timeframe,
    onBar: (bar) => out.push(bar),
    ...(options.sessionOffsetMs !== undefined ? { sessionOffsetMs: options.sessionOffsetMs } : {}),
  });
  const sourceMs = timeframeMs(series.timeframe);
  if (sourceMs > aggregator.timeframeMs) {
    throw new ValidationError(`cannot aggregate ${series.timeframe} bars of ${series.instrumentId} into smaller ${timeframe} bars`);
  }
  const { ts, open, high, low, close, volume } = series;
  for (let i = 0; i < series.length; i++) {
    const start = ts[i]!;
    aggregator.update(start, open[i]!, high[i]!, low[i]!, close[i]!, volume[i]!, start + sourceMs);
  }
  if (options.includePartial !== false) aggregator.flush();
  const column = (pick: (bar: Bar) => number): Float64Array => Float64Array.from(out, pick);
  return {
    instrumentId: series.instrumentId,
    timeframe,
    length: out.length,
    ts: column((b) => b.ts),
    open: column((b) => b.open),
    high: column((b) => b.high),
    low: column((b) => b.low),
    close: column((b) => b.close),
    volume: column((b) => b.volume),
  };
}
