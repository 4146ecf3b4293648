import { InvariantError } from '../core/index.js';

/** An equity curve held column-wise: `valueMinor[i]` is the equity (minor units) at `ts[i]` (epoch ms, ascending). */
export interface EquityCurve {
  readonly ts: Float64Array;
  readonly valueMinor: Float64Array;
  readonly length: number;
}

/**
 * Records the equity curve during a run: one `record` per bar, into typed arrays that double when full.
 * Written by hand because it is on the per-bar hot path (no object per point). A second value at the
 * same time replaces the first, so the curve has one point per instant.
 */
export class EquityRecorder {
  private ts: Float64Array;
  private values: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, Math.floor(initialCapacity));
    this.ts = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  record(tsMs: number, valueMinor: number): void {
    const last = this.count - 1;
    if (last >= 0) {
      const lastTs = this.ts[last]!;
      if (tsMs === lastTs) {
        this.values[last] = valueMinor;
        return;
      }
      if (tsMs < lastTs) throw new InvariantError(`equity point at ${tsMs} is before the previous point at ${lastTs}`);
    }
    if (this.count === this.ts.length) this.grow();
    this.ts[this.count] = tsMs;
    this.values[this.count] = valueMinor;
    this.count++;
  }

  /** The curve so far (views on the recorder's arrays: copy them if recording continues). */
  curve(): EquityCurve {
    return { ts: this.ts.subarray(0, this.count), valueMinor: this.values.subarray(0, this.count), length: this.count };
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    ts.set(this.ts);
    const values = new Float64Array(this.values.length * 2);
    values.set(this.values);
    this.ts = ts;
    this.values = values;
  }
}
