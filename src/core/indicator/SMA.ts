import type { GridOptions, Indicator } from './Indicator.js';
import { GridWindow } from './GridWindow.js';

/**
 * Simple moving average over `period` prices, exact on the price grid.
 *
 * The window sum is an integer count of grid units (see GridWindow for the bound), and the value is
 * `sum / (period × 10^precision)`: ONE division of two exact integers, hence the correctly rounded true mean.
 * It never drifts, and two windows with the same true mean give bit-identical values, so a crossover compares
 * true means rather than rounding noise.
 *
 * Why not a library: `trading-signals` is the well-kept TypeScript indicator library, but it is not a
 * dependency here, its big.js-based classes cost far more than the 100 ns per update the pipeline allows,
 * and they are not exact on the tick grid. This is the hot path, so it is written here (the strategy benchmark
 * measures it below 100 ns per update).
 */
export class SMA implements Indicator {
  private readonly window: GridWindow;
  private current = Number.NaN;

  constructor(period: number, options: GridOptions = {}) {
    this.window = new GridWindow('SMA', period, options.precision);
  }

  get period(): number {
    return this.window.period;
  }

  get value(): number {
    return this.current;
  }

  get isReady(): boolean {
    return this.window.isFull;
  }

  /** Add a price on the grid; returns the new average (NaN until `period` prices have arrived). */
  update(price: number): number {
    this.window.push(price);
    this.current = this.window.mean();
    return this.current;
  }

  reset(): void {
    this.window.reset();
    this.current = Number.NaN;
  }
}
