import { TIMEFRAMES, timeframeMs } from '../../../core/index.js';
import type { Timeframe } from '../../../core/index.js';
import { DAY_MS } from './civilTime.js';

/** Enough gaps to find the usual spacing without building a histogram of a million distinct tick gaps. */
const SAMPLE_GAPS = 20_000;

/** The most common positive gap between consecutive stamps (NaN with fewer than two distinct stamps). */
export function mostCommonSpacingMs(ts: Float64Array, length: number): number {
  const counts = new Map<number, number>();
  const last = Math.min(length, SAMPLE_GAPS + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (let i = 1; i < last; i++) {
    const gap = ts[i]! - ts[i - 1]!;
    if (gap <= 0) continue;
    const count = (counts.get(gap) ?? 0) + 1;
    counts.set(gap, count);
    if (count > bestCount || (count === bestCount && gap < best)) {
      best = gap;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The timeframe a spacing stands for: an exact match, or `1d` for any whole number of days (daily data
 * with weekend gaps, and weekly/monthly files, since no coarser timeframe exists). Undefined otherwise.
 */
export function timeframeForSpacing(spacingMs: number): Timeframe | undefined {
  const exact = TIMEFRAMES.find((tf) => timeframeMs(tf) === spacingMs);
  if (exact !== undefined) return exact;
  if (spacingMs > 0 && spacingMs % DAY_MS === 0) return '1d';
  return undefined;
}

export function describeSpacing(spacingMs: number): string {
  if (!Number.isFinite(spacingMs)) return 'unknown';
  if (spacingMs % DAY_MS === 0) return `${spacingMs / DAY_MS} d`;
  if (spacingMs % 60_000 === 0) return `${spacingMs / 60_000} min`;
  return `${spacingMs / 1000} s`;
}
