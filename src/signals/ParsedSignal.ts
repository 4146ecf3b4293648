import type { SignalAction, Timeframe } from '../core/index.js';

/** One external signal as read from its source, before the intake resolves its strategy and instrument. */
export interface ParsedSignal {
  /** 1-based line in its file (AmiBroker); absent for a webhook, whose source is one request. */
  readonly line?: number;
  /** File name, or `webhook`: named in the signal's reason. */
  readonly source: string;
  /** As written: `SYMBOL`, `SYMBOL.EXCHANGE` or `EXCHANGE:SYMBOL`. */
  readonly symbol: string;
  readonly action: SignalAction;
  readonly quantity?: number;
  /** Reference price; absent when the source gave none (or 0, AmiBroker's "at market"). */
  readonly price?: number;
  /** Absent when the source has no timeframe; the intake then uses its default. */
  readonly timeframe?: Timeframe;
  /** Strategy name as the source wrote it (the AFL system, the TradingView alert's strategy). */
  readonly strategy: string;
  readonly confidence?: number;
  readonly comment?: string;
  /** The source text (the CSV line, the webhook JSON without its secret), kept for refusals. */
  readonly raw: string;
}

/** Why a row or field could not be read. A file names the line; a webhook names the field. */
export interface SignalProblem {
  readonly line?: number;
  readonly field?: string;
  readonly reason: string;
  readonly raw?: string;
}

/** What a parser hands the intake: the signals it read and the problems it met, each naming where. */
export interface SignalBatch {
  readonly signals: readonly ParsedSignal[];
  readonly problems: readonly SignalProblem[];
}
