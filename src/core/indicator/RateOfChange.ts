import { DEFAULT_PRICE_PRECISION, type GridOptions, type Indicator } from './Indicator.js';
import { checkPeriod, gridScale, nonFinite } from './indicatorParams.js';

/**
 * Rate of change over `period` bars as a fraction: (price − price `period` bars ago) / price `period` bars ago.
 * The difference is an exact integer of grid units, so the value is one correctly rounded division.
 * NaN until period + 1 prices have arrived, and when the older price is 0.
 */
export class RateOfChange implements Indicator {
  readonly period: number;
  private readonly scale: number;
  private readonly ring: Float64Array;
  private head = 0;
  private filled = 0;
  private current = Number.NaN;

  constructor(period: number, options: GridOptions = {}) {
    this.period = checkPeriod('RateOfChange', 'period', period);
    this.scale = gridScale('RateOfChange', options.precision ?? DEFAULT_PRICE_PRECISION);
    this.ring = new Float64Array(period + 1);
  }

  get value(): number {
    return this.current;
  }

  get isReady(): boolean {
    return this.filled === this.ring.length;
  }

  update(price: number): number {
    if (!Number.isFinite(price)) throw nonFinite('RateOfChange', price);
    const units = Math.round(price * this.scale);
    const size = this.ring.length;
    this.ring[this.head] = units;
    this.head = this.head + 1 === size ? 0 : this.head + 1;
    if (this.filled < size) this.filled++;
    if (this.filled < size) return this.current;
    const oldest = this.ring[this.head]!;
    this.current = oldest === 0 ? Number.NaN : (units - oldest) / oldest;
    return this.current;
  }

  reset(): void {
    this.head = 0;
    this.filled = 0;
    this.ring.fill(0);
    this.current = Number.NaN;
  }
}
