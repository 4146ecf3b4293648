/** Which way a round-trip trade faced. */
export const TRADE_SIDES = ['LONG', 'SHORT'] as const;
export type TradeSide = (typeof TRADE_SIDES)[number];

/**
 * One closed round trip of a book (account × strategy × instrument): from flat to flat again.
 * Money is exact: `pnlMinor` and `commissionMinor` are integers of the currency's minor unit; `pnl` and
 * `commission` are the same values as currency amounts, for display.
 */
export interface RoundTripTrade {
  readonly accountId: string;
  readonly instrument: string;
  readonly strategyId: string;
  readonly currency: string;
  readonly side: TradeSide;
  /** Largest absolute size the position reached during the trade. */
  readonly quantity: number;
  /** fillTs of the first fill (epoch ms). */
  readonly entryTime: number;
  /** Volume-weighted average price of the fills that opened or added to the position. */
  readonly entryPrice: number;
  /** fillTs of the fill that brought the book back to flat (epoch ms). */
  readonly exitTime: number;
  /** Volume-weighted average price of the fills that reduced the position. */
  readonly exitPrice: number;
  /** Net of commission: Σ sell notionals − Σ buy notionals − commissions. */
  readonly pnl: number;
  readonly pnlMinor: number;
  readonly commission: number;
  readonly commissionMinor: number;
  /** Number of fills (entries and exits) that made up the trade. */
  readonly fills: number;
  /** Bars held (see `withBarsHeld`); absent until counted against a bar series. */
  readonly bars?: number;
}

/**
 * A trade still open at the end of the run. `pnl`/`pnlMinor` (net of commission, including partial exits
 * already taken) and `markPrice` are present only when the trade was marked to a price.
 */
export interface OpenTrade {
  readonly accountId: string;
  readonly instrument: string;
  readonly strategyId: string;
  readonly currency: string;
  readonly side: TradeSide;
  /** Largest absolute size reached so far. */
  readonly quantity: number;
  /** Absolute size still open. */
  readonly openQuantity: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  /** Time and VWAP of partial exits, when there were any. */
  readonly exitTime?: number;
  readonly exitPrice?: number;
  readonly commission: number;
  readonly commissionMinor: number;
  readonly fills: number;
  readonly markPrice?: number;
  readonly pnl?: number;
  readonly pnlMinor?: number;
}
