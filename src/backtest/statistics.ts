import { divRoundHalfEven, InvariantError, minorDigitsOf, minorToAmount, ValidationError } from '../core/index.js';
import { dailyReturns, DAY_MS, sharpeRatio, sortinoRatio } from './dailyReturns.js';
import { summarizeDrawdown } from './drawdown.js';
import type { EquityCurve } from './EquityRecorder.js';
import type { RoundTripTrade } from './roundTrip.js';

export interface StatisticsInput {
  readonly equity: EquityCurve;
  readonly startingCashMinor: number;
  readonly currency: string;
  /** Closed trades; only their exact `pnlMinor` is read. */
  readonly trades: readonly Pick<RoundTripTrade, 'pnlMinor'>[];
  /** All commissions paid in the run (closed and open trades), minor units. */
  readonly commissionMinor: number;
  readonly barsInMarket: number;
  readonly totalBars: number;
  /** Annualization factor for Sharpe and Sortino (default 252). */
  readonly tradingDaysPerYear?: number;
}

/**
 * The numbers of a backtest. Fractions (returns, drawdown, rates) are plain fractions (0.1234 = 12.34 %),
 * rounded to 6 decimals; money is in currency amounts, exact from minor units; times are ISO-8601 UTC.
 */
export interface BacktestStatistics {
  readonly currency: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly startingEquity: number;
  readonly finalEquity: number;
  readonly netProfit: number;
  readonly totalReturn: number;
  /** CAGR over the calendar span of the curve: (final / start)^(365.25 days / span) − 1. */
  readonly annualizedReturn: number;
  /** From daily returns (last value of each UTC day), risk-free 0, × √tradingDaysPerYear; 0 when undefined. */
  readonly sharpe: number;
  /** As `sharpe` but over the downside deviation; 0 when undefined (fewer than 2 days, or no losing day). */
  readonly sortino: number;
  readonly tradingDays: number;
  /** Deepest peak-to-trough fall, a positive fraction. */
  readonly maxDrawdown: number;
  /** From the deepest fall's peak to its recovery, or to the end when it never recovered. */
  readonly maxDrawdownDurationMs: number;
  readonly maxDrawdownStart: string | null;
  readonly maxDrawdownEnd: string | null;
  readonly maxDrawdownRecovered: boolean;
  /** Longest time under water of any drawdown. */
  readonly longestDrawdownMs: number;
  readonly trades: number;
  readonly winningTrades: number;
  readonly losingTrades: number;
  /** Share of closed trades with a positive net P&L (0 with no trades). */
  readonly winRate: number;
  /** Gross profit / gross loss; `null` when there is no losing trade (it would be infinite). */
  readonly profitFactor: number | null;
  /** Share of bars with a position open. */
  readonly exposureTime: number;
  readonly commissionsPaid: number;
  readonly averageTradePnl: number;
  readonly bestTrade: number;
  readonly worstTrade: number;
}

const YEAR_MS = 365.25 * DAY_MS;

/** Round a ratio for output only; everything inside keeps full precision. */
function round6(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const { equity, startingCashMinor, currency } = input;
  if (equity.length === 0) throw new ValidationError('cannot compute statistics of an empty equity curve');
  if (equity.ts.length < equity.length || equity.valueMinor.length < equity.length) {
    throw new InvariantError(`equity curve length ${equity.length} exceeds its arrays`);
  }
  for (let i = 0; i < equity.length; i++) {
    if (!Number.isFinite(equity.valueMinor[i]!)) throw new InvariantError(`equity value at index ${i} is ${equity.valueMinor[i]}`);
  }
  const digits = minorDigitsOf(currency);
  const money = (minor: number): number => minorToAmount(Math.round(minor), digits);
  const last = equity.length - 1;
  const startTs = equity.ts[0]!;
  const endTs = equity.ts[last]!;
  const finalMinor = equity.valueMinor[last]!;
  const growth = startingCashMinor > 0 ? finalMinor / startingCashMinor : Number.NaN;
  const spanMs = endTs - startTs;
  let annualizedReturn = 0;
  if (Number.isFinite(growth) && spanMs > 0) annualizedReturn = growth <= 0 ? -1 : growth ** (YEAR_MS / spanMs) - 1;

  const periodsPerYear = input.tradingDaysPerYear ?? 252;
  const returns = dailyReturns(equity, startingCashMinor > 0 ? startingCashMinor : undefined);
  const drawdown = summarizeDrawdown(equity);
  const recovered = drawdown.recoveryIndex >= 0;
  const trades = summarizeTrades(input.trades);

  return {
    currency,
    startTime: iso(startTs),
    endTime: iso(endTs),
    startingEquity: money(startingCashMinor),
    finalEquity: money(finalMinor),
    netProfit: money(finalMinor - startingCashMinor),
    totalReturn: Number.isFinite(growth) ? round6(growth - 1) : 0,
    annualizedReturn: round6(annualizedReturn),
    sharpe: round6(sharpeRatio(returns, periodsPerYear)),
    sortino: round6(sortinoRatio(returns, periodsPerYear)),
    tradingDays: returns.length,
    maxDrawdown: round6(drawdown.maxDrawdown),
    maxDrawdownDurationMs: drawdown.durationMs,
    maxDrawdownStart: drawdown.peakIndex >= 0 ? iso(equity.ts[drawdown.peakIndex]!) : null,
    maxDrawdownEnd: drawdown.peakIndex >= 0 ? iso(equity.ts[recovered ? drawdown.recoveryIndex : last]!) : null,
    maxDrawdownRecovered: recovered,
    longestDrawdownMs: drawdown.longestUnderwaterMs,
    trades: trades.count,
    winningTrades: trades.wins,
    losingTrades: trades.losses,
    winRate: trades.count > 0 ? round6(trades.wins / trades.count) : 0,
    profitFactor: trades.grossLossMinor > 0 ? round6(trades.grossProfitMinor / trades.grossLossMinor) : null,
    exposureTime: input.totalBars > 0 ? round6(input.barsInMarket / input.totalBars) : 0,
    commissionsPaid: money(input.commissionMinor),
    averageTradePnl: trades.count > 0 ? money(divRoundHalfEven(trades.totalMinor, trades.count)) : 0,
    bestTrade: money(trades.bestMinor),
    worstTrade: money(trades.worstMinor),
  };
}

interface TradeSummary {
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  readonly grossProfitMinor: number;
  readonly grossLossMinor: number;
  readonly totalMinor: number;
  readonly bestMinor: number;
  readonly worstMinor: number;
}

function summarizeTrades(trades: readonly Pick<RoundTripTrade, 'pnlMinor'>[]): TradeSummary {
  let wins = 0;
  let losses = 0;
  let grossProfitMinor = 0;
  let grossLossMinor = 0;
  let bestMinor = trades.length > 0 ? Number.NEGATIVE_INFINITY : 0;
  let worstMinor = trades.length > 0 ? Number.POSITIVE_INFINITY : 0;
  for (const { pnlMinor } of trades) {
    if (pnlMinor > 0) {
      wins++;
      grossProfitMinor += pnlMinor;
    } else if (pnlMinor < 0) {
      losses++;
      grossLossMinor -= pnlMinor;
    }
    if (pnlMinor > bestMinor) bestMinor = pnlMinor;
    if (pnlMinor < worstMinor) worstMinor = pnlMinor;
  }
  return { count: trades.length, wins, losses, grossProfitMinor, grossLossMinor, totalMinor: grossProfitMinor - grossLossMinor, bestMinor, worstMinor };
}
