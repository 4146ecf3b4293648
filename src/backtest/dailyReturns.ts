import type { EquityCurve } from './EquityRecorder.js';

export const DAY_MS = 86_400_000;

/**
 * Simple returns from one UTC day's close to the next, where a day's close is the curve's last value
 * that day. Days without points are skipped (weekends, holidays), not filled with zero returns. With
 * `baseMinor` (the starting cash) the first return is the first day's close against it.
 */
export function dailyReturns(equity: EquityCurve, baseMinor?: number): Float64Array {
  const closes: number[] = [];
  let currentDay = Number.NaN;
  for (let i = 0; i < equity.length; i++) {
    const day = Math.floor(equity.ts[i]! / DAY_MS);
    if (day !== currentDay) {
      closes.push(equity.valueMinor[i]!);
      currentDay = day;
    } else {
      closes[closes.length - 1] = equity.valueMinor[i]!;
    }
  }
  const hasBase = baseMinor !== undefined;
  const count = hasBase ? closes.length : Math.max(0, closes.length - 1);
  const returns = new Float64Array(count);
  let previous = hasBase ? baseMinor : (closes[0] ?? 0);
  for (let r = 0; r < count; r++) {
    const close = closes[hasBase ? r : r + 1]!;
    returns[r] = previous === 0 ? 0 : close / previous - 1;
    previous = close;
  }
  return returns;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/**
 * Annualized Sharpe ratio of daily returns, risk-free rate 0: mean / sample standard deviation (n − 1)
 * × √periodsPerYear. 0 when undefined: fewer than two returns, or no variation at all.
 */
export function sharpeRatio(returns: Float64Array, periodsPerYear: number): number {
  const n = returns.length;
  if (n < 2) return 0;
  const m = mean(returns);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (returns[i]! - m) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  return std > 0 ? (m / std) * Math.sqrt(periodsPerYear) : 0;
}

/**
 * Annualized Sortino ratio, target 0: mean / downside deviation × √periodsPerYear, where the downside
 * deviation is √(Σ min(r, 0)² / n) over all n returns. 0 when undefined: fewer than two returns, or no
 * losing day (the ratio would be infinite, which JSON cannot hold).
 */
export function sortinoRatio(returns: Float64Array, periodsPerYear: number): number {
  const n = returns.length;
  if (n < 2) return 0;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i]!;
    if (r < 0) downside += r * r;
  }
  const deviation = Math.sqrt(downside / n);
  return deviation > 0 ? (mean(returns) / deviation) * Math.sqrt(periodsPerYear) : 0;
}
