import type { GridOptions, Indicator } from './Indicator.js';
import { GridWindow } from './GridWindow.js';
import { ValidationError } from '../errors.js';

export interface BollingerOptions extends GridOptions {
  /** Width of the bands in population standard deviations (default 2). */
  readonly stdDevs?: number;
}

/**
 * Bollinger Bands: middle = SMA(period) (exact, see SMA), upper/lower = middle ± stdDevs × σ with σ the
 * population standard deviation of the window (as StockCharts computes it), and `zScore` = (last − middle) / σ
 * (0 when σ is 0). `value` is the middle band.
 *
 * The sum of squared deviations M2 (in grid units²) is updated in O(1) by Welford's sliding-window step, and
 * recomputed from the window every `period` updates (two-pass, O(period), so amortized O(1)); rounding error can
 * never accumulate beyond one window. True M2 of grid values is either 0 or at least 1/2 unit², so anything
 * below 1/4 is snapped to 0: a flat window has σ exactly 0.
 */
export class BollingerBands implements Indicator {
  readonly stdDevs: number;
  private readonly window: GridWindow;
  private m2Units = 0;
  private meanUnits = 0;
  private sinceRecompute = 0;
  private middleValue = Number.NaN;
  private sigma = Number.NaN;
  private z = Number.NaN;

  constructor(period = 20, options: BollingerOptions = {}) {
    this.window = new GridWindow('BollingerBands', period, options.precision);
    this.stdDevs = options.stdDevs ?? 2;
    if (!(this.stdDevs > 0) || !Number.isFinite(this.stdDevs)) {
      throw new ValidationError(`BollingerBands: stdDevs must be a finite number > 0, got ${this.stdDevs}`, { parameter: 'stdDevs' });
    }
  }

  get period(): number {
    return this.window.period;
  }

  get value(): number {
    return this.middleValue;
  }

  get isReady(): boolean {
    return this.window.isFull;
  }

  get middle(): number {
    return this.middleValue;
  }

  get upper(): number {
    return this.middleValue + this.stdDevs * this.sigma;
  }

  get lower(): number {
    return this.middleValue - this.stdDevs * this.sigma;
  }

  /** Population standard deviation of the window, as a price. */
  get stdDev(): number {
    return this.sigma;
  }

  /** (last price − middle) / σ; 0 for a flat window; NaN until ready. */
  get zScore(): number {
    return this.z;
  }

  /** Add a price; returns the middle band (NaN until ready). */
  update(price: number): number {
    const window = this.window;
    const evicted = window.push(price);
    const added = window.newest();
    const count = window.count;
    const oldMean = this.meanUnits;
    const newMean = window.sum / count;
    if (evicted !== evicted) {
      // Filling: Welford's incremental step.
      this.m2Units += (added - oldMean) * (added - newMean);
    } else {
      this.m2Units += (added - evicted) * (added - newMean + evicted - oldMean);
    }
    this.meanUnits = newMean;
    if (++this.sinceRecompute >= window.period) this.recompute();
    if (!window.isFull) return this.middleValue;
    if (this.m2Units < 0.25) this.m2Units = 0;
    this.middleValue = window.mean();
    const sigmaUnits = Math.sqrt(this.m2Units / count);
    this.sigma = sigmaUnits / window.scale;
    // (last − mean) × count = last × count − sum: an exact integer, so a last price at the mean gives exactly 0.
    this.z = sigmaUnits === 0 ? 0 : (added * count - window.sum) / (count * sigmaUnits);
    return this.middleValue;
  }

  reset(): void {
    this.window.reset();
    this.m2Units = 0;
    this.meanUnits = 0;
    this.sinceRecompute = 0;
    this.middleValue = Number.NaN;
    this.sigma = Number.NaN;
    this.z = Number.NaN;
  }

  private recompute(): void {
    const window = this.window;
    const count = window.count;
    const mean = window.sum / count;
    let m2 = 0;
    for (let i = 0; i < count; i++) {
      const d = window.unitsAt(i) - mean;
      m2 += d * d;
    }
    this.m2Units = m2;
    this.meanUnits = mean;
    this.sinceRecompute = 0;
  }
}
