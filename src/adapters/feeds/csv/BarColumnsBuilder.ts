import type { BarSeries, Timeframe } from '../../../core/index.js';

/** Growable typed-array columns for bars whose count is known only after reading the file. */
export class BarColumnsBuilder {
  length = 0;
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;

  constructor(capacity: number) {
    const size = Math.max(16, Math.ceil(capacity));
    this.ts = new Float64Array(size);
    this.open = new Float64Array(size);
    this.high = new Float64Array(size);
    this.low = new Float64Array(size);
    this.close = new Float64Array(size);
    this.volume = new Float64Array(size);
  }

  push(ts: number, open: number, high: number, low: number, close: number, volume: number): void {
    const i = this.length;
    if (i === this.ts.length) this.grow();
    this.ts[i] = ts;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.length = i + 1;
  }

  /** The columns trimmed to length: views when the estimate was close, copies when it overshot by half. */
  build(instrumentId: string, timeframe: Timeframe): BarSeries {
    const n = this.length;
    const copy = this.ts.length > n * 1.5;
    const fit = (column: Float64Array): Float64Array => (column.length === n ? column : copy ? column.slice(0, n) : column.subarray(0, n));
    return {
      instrumentId,
      timeframe,
      length: n,
      ts: fit(this.ts),
      open: fit(this.open),
      high: fit(this.high),
      low: fit(this.low),
      close: fit(this.close),
      volume: fit(this.volume),
    };
  }

  private grow(): void {
    const size = this.ts.length * 2;
    const grown = (column: Float64Array): Float64Array => {
      const next = new Float64Array(size);
      next.set(column);
      return next;
    };
    this.ts = grown(this.ts);
    this.open = grown(this.open);
    this.high = grown(this.high);
    this.low = grown(this.low);
    this.close = grown(this.close);
    this.volume = grown(this.volume);
  }
}
