import { ValidationError } from './errors.js';

export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '30m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function timeframeMs(timeframe: Timeframe): number {
  return TIMEFRAME_MS[timeframe];
}

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** Accepts `1m`, `5min`, `15min`, `1h`, `60min`, `1d`, `D`, `day`… and returns the canonical timeframe. */
export function parseTimeframe(value: string): Timeframe {
  const text = value.trim().toLowerCase();
  if (isTimeframe(text)) return text;
  const aliases: Record<string, Timeframe> = {
    '1min': '1m', '5min': '5m', '15min': '15m', '30min': '30m', '60min': '1h', '60m': '1h', '240m': '4h',
    d: '1d', day: '1d', daily: '1d', '1day': '1d', h: '1h', '1hr': '1h', hour: '1h', '1sec': '1s',
  };
  const found = aliases[text];
  if (found === undefined) throw new ValidationError(`unknown timeframe "${value}" (allowed: ${TIMEFRAMES.join(', ')})`);
  return found;
}

/**
 * One OHLCV bar. `ts` is the bar's open time (epoch ms, UTC); the bar covers [ts, ts + timeframe).
 * Prices lie on the instrument's tick grid.
 */
export interface Bar {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** One trade print (or a last-traded-price update). */
export interface Tick {
  readonly instrumentId: string;
  readonly ts: number;
  readonly price: number;
  readonly size: number;
  readonly bid?: number;
  readonly ask?: number;
}

/**
 * Bars of one instrument and timeframe held column-wise (typed arrays): a million bars are 48 MB and
 * are read without allocating an object per bar until one is dispatched.
 */
export interface BarSeries {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export function barAt(series: BarSeries, index: number): Bar {
  return {
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    ts: series.ts[index]!,
    open: series.open[index]!,
    high: series.high[index]!,
    low: series.low[index]!,
    close: series.close[index]!,
    volume: series.volume[index]!,
  };
}

/** The ts of the bar's close: the moment its values are known. */
export function barCloseMs(bar: Bar): number {
  return bar.ts + timeframeMs(bar.timeframe);
}
