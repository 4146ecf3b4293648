import { decimalsOf, pow10, toUnits } from '../../core/index.js';

/** A percentage limit held as an exact integer ratio, so "exactly at the limit" is decided exactly. */
export interface PercentLimit {
  readonly pct: number;
  readonly units: number;
  /** 100 × 10^decimals of `pct`. */
  readonly scale: number;
}

export function percentLimit(pct: number): PercentLimit {
  const digits = decimalsOf(pct);
  return { pct, units: toUnits(pct, digits), scale: 100 * pow10(digits) };
}

/** Whether partMinor / wholeMinor × 100 > limit.pct, in integers (BigInt only beyond the safe range). */
export function exceedsPercent(partMinor: number, wholeMinor: number, limit: PercentLimit): boolean {
  const lhs = partMinor * limit.scale;
  const rhs = limit.units * wholeMinor;
  if (Number.isSafeInteger(lhs) && Number.isSafeInteger(rhs)) return lhs > rhs;
  return BigInt(partMinor) * BigInt(limit.scale) > BigInt(limit.units) * BigInt(wholeMinor);
}

/** A percentage for people: at most two decimals, no trailing zeros (7.3, 5, 0.25). */
export function formatPct(value: number): string {
  return String(Number(value.toFixed(2)));
}
