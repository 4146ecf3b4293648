import type { BarSeries, Timeframe } from '../../../core/index.js';

/** `open`: a row's stamp is the bar's open time; `close`: the file stamps the bar's end (ts = stamp − timeframe). */
export const TIMESTAMP_MARKS = ['open', 'close'] as const;
export type TimestampMark = (typeof TIMESTAMP_MARKS)[number];

/**
 * How to read dates written day and month first. `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYYMMDD`, epoch
 * seconds/ms) is always understood; `dd/mm` vs `mm/dd` is ambiguous and is refused unless named here.
 */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD/MM/YY', 'MM/DD/YY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** A column by header name (any case, spaces and punctuation ignored) or by 0-based index. */
export type ColumnRef = string | number;

export interface CsvColumnMap {
  /** A column holding date and time together (or only a date). */
  readonly time?: ColumnRef;
  /** A date column; joined with `time` when both are given. */
  readonly date?: ColumnRef;
  readonly open?: ColumnRef;
  readonly high?: ColumnRef;
  readonly low?: ColumnRef;
  readonly close?: ColumnRef;
  readonly volume?: ColumnRef;
  readonly adjClose?: ColumnRef;
}

export interface CsvLoadOptions {
  /** Instrument metadata is not in the file: the caller names the instrument. */
  readonly instrumentId: string;
  /** Inferred from the most common spacing between rows when absent. */
  readonly timeframe?: Timeframe;
  /** IANA zone of naive (zone-less) times; default `UTC`. */
  readonly timeZone?: string;
  /** Default `open`. */
  readonly timestampMarks?: TimestampMark;
  /** Yahoo files: rescale OHLC by AdjClose/Close and round to `adjustedTickSize` (default false: raw prices). */
  readonly adjusted?: boolean;
  /** Tick that adjusted prices are rounded to; default 0.01. */
  readonly adjustedTickSize?: number;
  /** Map columns explicitly instead of by header name. */
  readonly columns?: CsvColumnMap;
  /** Needed for `dd/mm/yyyy` or `mm/dd/yyyy` dates. */
  readonly dateFormat?: DateFormat;
  /** Default `,`. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Trade prints stored as bars may share a timestamp; default false (a repeated time is an error). */
  readonly allowDuplicateTimes?: boolean;
  /** Stop and report after this many problems; default 20. */
  readonly maxProblems?: number;
}

/** A loaded series plus what the file says about its prices. */
export interface LoadedBars extends BarSeries {
  /** Decimals the file's prices need (max over rows, capped at 8): the instrument's tick is 10^-pricePrecision. */
  readonly pricePrecision: number;
}

export const MAX_PRICE_PRECISION = 8;
export const DEFAULT_MAX_PROBLEMS = 20;
