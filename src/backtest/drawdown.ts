import type { EquityCurve } from './EquityRecorder.js';

/**
 * Drawdown of every point of the curve as a positive fraction of the running peak: 0 at a new high,
 * 0.25 when equity is 25 % below the best value seen so far. A peak at or below zero gives 0 (a fraction
 * of nothing is undefined).
 */
export function drawdownSeries(equity: EquityCurve): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < equity.length; i++) {
    const value = equity.valueMinor[i]!;
    if (value > peak) peak = value;
    out[i] = peak > 0 ? (peak - value) / peak : 0;
  }
  return out;
}

/** The deepest peak-to-trough fall of a curve, and how long the curve stayed under water. */
export interface DrawdownSummary {
  /** Positive fraction; 0 when the curve never fell. */
  readonly maxDrawdown: number;
  /** Index of the peak the deepest fall started from, of its trough, and of the recovery (-1 if never recovered). */
  readonly peakIndex: number;
  readonly troughIndex: number;
  readonly recoveryIndex: number;
  /** From the peak to the recovery, or to the last point when the curve never got back to the peak. */
  readonly durationMs: number;
  /** The longest time under water of any drawdown (not only the deepest). */
  readonly longestUnderwaterMs: number;
}

export function summarizeDrawdown(equity: EquityCurve): DrawdownSummary {
  const { ts, valueMinor: values, length } = equity;
  let peak = Number.NEGATIVE_INFINITY;
  let peakIndex = 0;
  let underwater = false;
  let maxDrawdown = 0;
  let maxPeakIndex = 0;
  let troughIndex = 0;
  let longestUnderwaterMs = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i]!;
    if (value >= peak) {
      if (underwater) longestUnderwaterMs = Math.max(longestUnderwaterMs, ts[i]! - ts[peakIndex]!);
      underwater = false;
      peak = value;
      peakIndex = i;
      continue;
    }
    underwater = true;
    const drawdown = peak > 0 ? (peak - value) / peak : 0;
    if (drawdown > maxDrawdown) {
      maxDrawdown = drawdown;
      maxPeakIndex = peakIndex;
      troughIndex = i;
    }
  }
  if (underwater && length > 0) longestUnderwaterMs = Math.max(longestUnderwaterMs, ts[length - 1]! - ts[peakIndex]!);
  if (maxDrawdown === 0) {
    return { maxDrawdown, peakIndex: -1, troughIndex: -1, recoveryIndex: -1, durationMs: 0, longestUnderwaterMs };
  }
  const peakValue = values[maxPeakIndex]!;
  let recoveryIndex = -1;
  for (let i = troughIndex + 1; i < length; i++) {
    if (values[i]! >= peakValue) {
      recoveryIndex = i;
      break;
    }
  }
  const endIndex = recoveryIndex >= 0 ? recoveryIndex : length - 1;
  return {
    maxDrawdown,
    peakIndex: maxPeakIndex,
    troughIndex,
    recoveryIndex,
    durationMs: ts[endIndex]! - ts[maxPeakIndex]!,
    longestUnderwaterMs,
  };
}
