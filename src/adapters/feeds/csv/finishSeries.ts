import { ValidationError, decimalsOf, roundToTick, timeframeMs } from '../../../core/index.js';
import type { CsvLoadOptions, LoadedBars } from './CsvLoadOptions.js';
import type { BarColumnsBuilder } from './BarColumnsBuilder.js';
import { describeSpacing, mostCommonSpacingMs, timeframeForSpacing } from './inferTimeframe.js';

/** Settle the timeframe, move close-stamped rows to their open time, and apply Yahoo adjustment if asked. */
export function finishSeries(
  columns: BarColumnsBuilder,
  fileName: string,
  options: CsvLoadOptions,
  pricePrecision: number,
  adjCloses: readonly number[] | undefined,
): LoadedBars {
  const n = columns.length;
  let timeframe = options.timeframe;
  if (timeframe === undefined) {
    const spacingMs = mostCommonSpacingMs(columns.ts, n);
    timeframe = timeframeForSpacing(spacingMs);
    if (timeframe === undefined) {
      throw new ValidationError(
        `${fileName}: cannot infer the timeframe: the most common spacing between rows is ${describeSpacing(spacingMs)}, ` +
          'which matches no supported timeframe; pass options.timeframe',
        { file: fileName, spacingMs },
      );
    }
  }
  if (options.timestampMarks === 'close') {
    const shiftMs = timeframeMs(timeframe);
    const ts = columns.ts;
    for (let i = 0; i < n; i++) ts[i] = ts[i]! - shiftMs;
  }
  let precision = pricePrecision;
  if (adjCloses !== undefined) precision = adjust(columns, adjCloses, options.adjustedTickSize ?? 0.01);
  return { ...columns.build(options.instrumentId, timeframe), pricePrecision: precision };
}

/**
 * Yahoo's adjusted series: OHLC × AdjClose/Close, each snapped to the tick (rounding is monotonic, so
 * low ≤ open, close ≤ high still holds). Returns the precision of the tick.
 */
function adjust(columns: BarColumnsBuilder, adjCloses: readonly number[], tickSize: number): number {
  const precision = decimalsOf(tickSize);
  const { open, high, low, close } = columns;
  for (let i = 0; i < columns.length; i++) {
    const factor = adjCloses[i]! / close[i]!;
    open[i] = roundToTick(open[i]! * factor, tickSize, precision);
    high[i] = roundToTick(high[i]! * factor, tickSize, precision);
    low[i] = roundToTick(low[i]! * factor, tickSize, precision);
    close[i] = roundToTick(close[i]! * factor, tickSize, precision);
  }
  return precision;
}
