import { DEFAULT_PRICE_PRECISION } from './Indicator.js';
import { checkPeriod, exactDivisor, gridScale, nonFinite } from './indicatorParams.js';

/**
 * The last `period` prices of a decimal grid, held as integer grid units in a ring buffer, with their sum
 * kept as an exact integer. Shared by SMA and BollingerBands.
 *
 * Exactness bound: every stored value satisfies |units| ≤ ⌊(2^53 − 1) / period⌋, so the running sum (and
 * every intermediate `sum − evicted + added`) is a safe integer and integer addition is exact. At precision 8
 * that is |price| ≤ 90 for period 10^6, |price| ≤ 9.0 for period 10^7 (10^7 values of 10^8 units = 10^15), and
 * |price| ≤ 300,000 for period 300; at precision 2, |price| ≤ 3·10^11 for period 300. A value beyond the bound is
 * still accepted: while one is in the window the sum is taken by Neumaier (compensated) summation over the
 * window (O(period), exact to about one ulp), and once the last such value leaves, the integer sum is rebuilt
 * from the window and exact arithmetic resumes. Realistic prices never take that path.
 */
export class GridWindow {
  readonly period: number;
  /** 10^precision. */
  readonly scale: number;
  /** period × 10^precision, an exact double (checked), so `sum / divisor` is one correctly rounded division. */
  readonly fullDivisor: number;
  private readonly indicator: string;
  private readonly maxUnits: number;
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;
  private sumUnits = 0;
  private oversized = 0;
  private exact = true;

  constructor(indicator: string, period: number, precision: number = DEFAULT_PRICE_PRECISION) {
    this.period = checkPeriod(indicator, 'period', period);
    this.scale = gridScale(indicator, precision);
    this.fullDivisor = exactDivisor(indicator, period, precision);
    this.maxUnits = Math.floor(Number.MAX_SAFE_INTEGER / period);
    this.ring = new Float64Array(period);
    this.indicator = indicator;
  }

  get count(): number {
    return this.filled;
  }

  get isFull(): boolean {
    return this.filled === this.period;
  }

  /** Add a price; returns the units of the value that left the window, or NaN while it is filling. */
  push(price: number): number {
    if (!Number.isFinite(price)) throw nonFinite(this.indicator, price);
    const units = Math.round(price * this.scale);
    let evicted = Number.NaN;
    if (this.filled === this.period) {
      evicted = this.ring[this.head]!;
      if (Math.abs(evicted) > this.maxUnits) this.oversized--;
    } else {
      this.filled++;
    }
    this.ring[this.head] = units;
    this.head = this.head + 1 === this.period ? 0 : this.head + 1;
    if (Math.abs(units) > this.maxUnits) this.oversized++;
    if (this.oversized > 0) {
      this.exact = false;
    } else if (this.exact) {
      this.sumUnits = (evicted === evicted ? this.sumUnits - evicted : this.sumUnits) + units;
    } else {
      this.sumUnits = this.exactSum();
      this.exact = true;
    }
    return evicted;
  }

  /** Sum of the window in grid units (exact within the bound above). */
  get sum(): number {
    return this.exact ? this.sumUnits : this.compensatedSum();
  }

  /** Mean of the full window as a price: one division of two exact integers (NaN until full). */
  mean(): number {
    if (this.filled !== this.period) return Number.NaN;
    return this.sum / this.fullDivisor;
  }

  /** The i-th oldest value in units (0 = oldest), for O(period) recomputations. */
  unitsAt(i: number): number {
    const start = this.filled === this.period ? this.head : 0;
    const index = start + i;
    return this.ring[index >= this.period ? index - this.period : index]!;
  }

  /** Units of the newest value (NaN when empty). */
  newest(): number {
    if (this.filled === 0) return Number.NaN;
    return this.ring[this.head === 0 ? this.period - 1 : this.head - 1]!;
  }

  reset(): void {
    this.head = 0;
    this.filled = 0;
    this.sumUnits = 0;
    this.oversized = 0;
    this.exact = true;
    this.ring.fill(0);
  }

  private exactSum(): number {
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.ring[i]!;
    return sum;
  }

  private compensatedSum(): number {
    let sum = 0;
    let compensation = 0;
    for (let i = 0; i < this.filled; i++) {
      const value = this.ring[i]!;
      const next = sum + value;
      compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
      sum = next;
    }
    return sum + compensation;
  }
}
