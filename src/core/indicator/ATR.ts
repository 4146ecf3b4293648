import { DEFAULT_PRICE_PRECISION, type GridOptions, type Indicator } from './Indicator.js';
import { checkPeriod, gridScale, nonFinite } from './indicatorParams.js';

/**
 * Wilder's Average True Range. True range = max(high − low, |high − previous close|, |low − previous close|),
 * taken in integer grid units (exact); the first bar's true range is high − low. The first ATR is the simple
 * mean of the first `period` true ranges (as in StockCharts' worked example), then Wilder smoothing
 * `atr = (atr × (period − 1) + tr) / period`.
 */
export class ATR implements Indicator {
  readonly period: number;
  private readonly scale: number;
  private previousCloseUnits = Number.NaN;
  private seen = 0;
  private atrUnits = 0;
  private current = Number.NaN;
  private lastTrueRange = Number.NaN;

  constructor(period = 14, options: GridOptions = {}) {
    this.period = checkPeriod('ATR', 'period', period);
    this.scale = gridScale('ATR', options.precision ?? DEFAULT_PRICE_PRECISION);
  }

  get value(): number {
    return this.current;
  }

  get isReady(): boolean {
    return this.seen >= this.period;
  }

  /** The last bar's true range, as a price. */
  get trueRange(): number {
    return this.lastTrueRange;
  }

  update(high: number, low: number, close: number): number {
    if (!Number.isFinite(high)) throw nonFinite('ATR high', high);
    if (!Number.isFinite(low)) throw nonFinite('ATR low', low);
    if (!Number.isFinite(close)) throw nonFinite('ATR close', close);
    const scale = this.scale;
    const highUnits = Math.round(high * scale);
    const lowUnits = Math.round(low * scale);
    const previous = this.previousCloseUnits;
    let tr = highUnits - lowUnits;
    if (previous === previous) {
      const up = Math.abs(highUnits - previous);
      const down = Math.abs(lowUnits - previous);
      if (up > tr) tr = up;
      if (down > tr) tr = down;
    }
    this.previousCloseUnits = Math.round(close * scale);
    this.lastTrueRange = tr / scale;
    if (this.seen < this.period) {
      this.atrUnits += tr;
      this.seen++;
      if (this.seen < this.period) return this.current;
      this.atrUnits /= this.period;
    } else {
      this.atrUnits = (this.atrUnits * (this.period - 1) + tr) / this.period;
    }
    this.current = this.atrUnits / scale;
    return this.current;
  }

  reset(): void {
    this.previousCloseUnits = Number.NaN;
    this.seen = 0;
    this.atrUnits = 0;
    this.current = Number.NaN;
    this.lastTrueRange = Number.NaN;
  }
}
