/** One measured number from `npm run bench`, with the floor the issue sets (if any). */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The floor; `better` says which direction passes. */
  readonly floor?: number;
  readonly better?: 'higher' | 'lower';
  readonly note?: string;
}

export function passes(result: BenchResult): boolean | undefined {
  if (result.floor === undefined || result.better === undefined) return undefined;
  return result.better === 'higher' ? result.value >= result.floor : result.value <= result.floor;
}

/** Median and percentiles of a sample (sorted copy). */
export function percentile(samples: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(samples).sort();
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
