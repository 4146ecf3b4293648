import type { Timeframe } from '../../core/index.js';

/** Where a job's bars come from, resolved and checked on the node before the job is queued. */
export type BacktestSource =
  | { readonly kind: 'csv'; readonly path: string; readonly symbol: string; readonly exchange: string }
  | { readonly kind: 'synthetic'; readonly symbol: string; readonly exchange: string; readonly bars: number; readonly startMs: number; readonly seed: number };

/** A validated backtest request, as the worker thread receives it (plain data: it crosses a thread). */
export interface BacktestPlan {
  readonly jobId: string;
  /** `<home>/backtests/<id>`: result.json and report.html are written here. */
  readonly outDir: string;
  /** Binary bar caches of CSV files. */
  readonly cacheDir: string;
  readonly source: BacktestSource;
  readonly strategy: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** For CSV data: the bars' timeframe when the file's spacing is ambiguous; synthetic bars are made in it. */
  readonly timeframe?: Timeframe;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly startingCash: number;
  readonly currency: string;
  /** Quantity per entry; absent: what ENTRY_SHARE_OF_CASH of the starting cash buys at the series' highest close. */
  readonly quantity?: number;
  readonly seed: number;
}

/** What the worker tells the node, in this order: loaded, progress…, then done or failed. */
export type BacktestWorkerMessage =
  | { readonly kind: 'loaded'; readonly bars: number; readonly instrumentId: string }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly summary: Readonly<Record<string, number | string | null>> }
  | { readonly kind: 'failed'; readonly error: string };

/** Without a quantity each entry is sized to this share of the starting cash (within the default 5 % position limit). */
export const ENTRY_SHARE_OF_CASH = 0.04;

export const RESULT_FILE = 'result.json';
export const REPORT_FILE = 'report.html';
