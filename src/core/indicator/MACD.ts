import type { GridOptions, Indicator } from './Indicator.js';
import { EMA } from './EMA.js';
import { checkPeriod } from './indicatorParams.js';
import { ValidationError } from '../errors.js';

/**
 * Moving Average Convergence/Divergence: line = EMA(fast) − EMA(slow), signal = EMA(signalPeriod) of the line
 * (seeded with the simple mean of its first `signalPeriod` values), histogram = line − signal.
 * `line` (= `value`) is available from the `slow`-th price; `signal`, `histogram` and `isReady` from the
 * (slow + signalPeriod − 1)-th.
 */
export class MACD implements Indicator {
  readonly signalPeriod: number;
  private readonly fastEma: EMA;
  private readonly slowEma: EMA;
  private readonly k: number;
  private seedCount = 0;
  private seedSum = 0;
  private lineValue = Number.NaN;
  private signalValue = Number.NaN;

  constructor(fast = 12, slow = 26, signalPeriod = 9, options: GridOptions = {}) {
    checkPeriod('MACD', 'fast', fast);
    checkPeriod('MACD', 'slow', slow, 2);
    if (fast >= slow) throw new ValidationError(`MACD: fast (${fast}) must be less than slow (${slow})`, { parameter: 'fast' });
    this.signalPeriod = checkPeriod('MACD', 'signalPeriod', signalPeriod);
    this.fastEma = new EMA(fast, options);
    this.slowEma = new EMA(slow, options);
    this.k = 2 / (signalPeriod + 1);
  }

  get value(): number {
    return this.lineValue;
  }

  get line(): number {
    return this.lineValue;
  }

  get signal(): number {
    return this.signalValue;
  }

  get histogram(): number {
    return this.lineValue - this.signalValue;
  }

  get isReady(): boolean {
    return this.seedCount >= this.signalPeriod;
  }

  /** Add a price; returns the MACD line (NaN until `slow` prices have arrived). */
  update(price: number): number {
    const fast = this.fastEma.update(price);
    const slow = this.slowEma.update(price);
    if (!this.slowEma.isReady) return this.lineValue;
    const line = fast - slow;
    this.lineValue = line;
    if (this.seedCount >= this.signalPeriod) {
      this.signalValue += this.k * (line - this.signalValue);
    } else {
      this.seedSum += line;
      this.seedCount++;
      if (this.seedCount === this.signalPeriod) this.signalValue = this.seedSum / this.signalPeriod;
    }
    return line;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.seedCount = 0;
    this.seedSum = 0;
    this.lineValue = Number.NaN;
    this.signalValue = Number.NaN;
  }
}
