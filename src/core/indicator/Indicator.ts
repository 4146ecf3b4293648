/**
 * A streaming indicator: fed one observation at a time, O(1) per update, no allocation per update.
 * `value` is NaN (and `isReady` false) until enough observations have arrived to warm it up.
 */
export interface Indicator {
  readonly value: number;
  readonly isReady: boolean;
  /** Forget everything seen so far (back to the state of a new instance). */
  reset(): void;
}

/** Options shared by indicators that read prices on a decimal grid. */
export interface GridOptions {
  /** Decimals of the price grid (prices are multiples of 10^-precision); 0..15, default 8. */
  readonly precision?: number;
}

export const DEFAULT_PRICE_PRECISION = 8;
