import { DEFAULT_PRICE_PRECISION, type GridOptions, type Indicator } from './Indicator.js';
import { checkPeriod, exactDivisor, gridScale, nonFinite } from './indicatorParams.js';

/**
 * Exponential moving average with smoothing 2 / (period + 1), seeded (as StockCharts and TA-Lib do) with the
 * simple average of the first `period` prices, summed exactly in grid units. From then on
 * `ema += k × (price − ema)`; an EMA is not on the price grid, so that step is plain floating point.
 * (The seed sum is exact within the bound documented in GridWindow; beyond it, it is an ordinary float sum.)
 */
export class EMA implements Indicator {
  readonly period: number;
  private readonly k: number;
  private readonly scale: number;
  private readonly seedDivisor: number;
  private seen = 0;
  private seedUnits = 0;
  private current = Number.NaN;

  constructor(period: number, options: GridOptions = {}) {
    const precision = options.precision ?? DEFAULT_PRICE_PRECISION;
    this.period = checkPeriod('EMA', 'period', period);
    this.scale = gridScale('EMA', precision);
    this.seedDivisor = exactDivisor('EMA', period, precision);
    this.k = 2 / (period + 1);
  }

  get value(): number {
    return this.current;
  }

  get isReady(): boolean {
    return this.seen >= this.period;
  }

  update(price: number): number {
    if (!Number.isFinite(price)) throw nonFinite('EMA', price);
    if (this.seen >= this.period) {
      this.current += this.k * (price - this.current);
      return this.current;
    }
    this.seedUnits += Math.round(price * this.scale);
    this.seen++;
    if (this.seen === this.period) this.current = this.seedUnits / this.seedDivisor;
    return this.current;
  }

  reset(): void {
    this.seen = 0;
    this.seedUnits = 0;
    this.current = Number.NaN;
  }
}
