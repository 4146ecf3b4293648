import type { Bar, Timeframe } from '../core/index.js';

/** What the LiquidityGuard reads: the recent average bar volume of an instrument. */
export interface VolumeView {
  /**
   * Mean volume of the last `lookbackBars` bars of `timeframe` (of the instrument's first tracked timeframe
   * when none of that one was seen); NaN when no bar was seen yet.
   */
  averageVolume(instrumentId: string, timeframe: Timeframe, lookbackBars: number): number;
}

/** The last `capacity` volumes of one instrument and timeframe with their running sum. */
class VolumeRing {
  readonly volumes: Float64Array;
  head = 0;
  size = 0;
  sum = 0;

  constructor(readonly timeframe: Timeframe, capacity: number) {
    this.volumes = new Float64Array(capacity);
  }

  push(volume: number): void {
    const capacity = this.volumes.length;
    const value = volume > 0 ? volume : 0; // a missing or negative volume counts as none
    if (this.size === capacity) this.sum -= this.volumes[this.head]!;
    else this.size++;
    this.volumes[this.head] = value;
    this.sum += value;
    this.head++;
    if (this.head === capacity) {
      this.head = 0;
      // Re-add from scratch once per lap, so fractional volumes cannot make the running sum drift (O(1) amortized).
      let exact = 0;
      for (let i = 0; i < this.size; i++) exact += this.volumes[i]!;
      this.sum = exact;
    }
  }

  average(lookbackBars: number): number {
    if (this.size === 0) return Number.NaN;
    const n = lookbackBars < this.size ? lookbackBars : this.size;
    if (n === this.size) return this.sum / n;
    let total = 0;
    let index = this.head;
    for (let i = 0; i < n; i++) {
      index = index === 0 ? this.volumes.length - 1 : index - 1;
      total += this.volumes[index]!;
    }
    return total / n;
  }

  resized(capacity: number): VolumeRing {
    const copy = new VolumeRing(this.timeframe, capacity);
    const keep = Math.min(this.size, capacity);
    let index = this.head;
    const newestFirst: number[] = [];
    for (let i = 0; i < keep; i++) {
      index = index === 0 ? this.volumes.length - 1 : index - 1;
      newestFirst.push(this.volumes[index]!);
    }
    for (let i = newestFirst.length - 1; i >= 0; i--) copy.push(newestFirst[i]!);
    return copy;
  }
}

/**
 * Rolling bar volume per instrument and timeframe, fed from `data.bar`: O(1) and allocation-free per bar
 * (one Map lookup, a scan of the instrument's one or two timeframes, a ring write). Written here rather than
 * taken from a library because it runs on every bar of the pipeline.
 */
export class VolumeTracker implements VolumeView {
  private readonly byInstrument = new Map<string, VolumeRing[]>();
  private capacity: number;

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
  }

  onBar(bar: Bar): void {
    let rings = this.byInstrument.get(bar.instrumentId);
    if (rings === undefined) this.byInstrument.set(bar.instrumentId, (rings = []));
    for (let i = 0; i < rings.length; i++) {
      const ring = rings[i]!;
      if (ring.timeframe === bar.timeframe) {
        ring.push(bar.volume);
        return;
      }
    }
    const ring = new VolumeRing(bar.timeframe, this.capacity);
    ring.push(bar.volume);
    rings.push(ring);
  }

  averageVolume(instrumentId: string, timeframe: Timeframe, lookbackBars: number): number {
    const rings = this.byInstrument.get(instrumentId);
    if (rings === undefined || rings.length === 0) return Number.NaN;
    for (let i = 0; i < rings.length; i++) {
      if (rings[i]!.timeframe === timeframe) return rings[i]!.average(lookbackBars);
    }
    return rings[0]!.average(lookbackBars);
  }

  /** Keep `capacity` bars from now on (a configuration asked for a longer lookback); history is kept. */
  setCapacity(capacity: number): void {
    const next = Math.max(1, capacity);
    if (next === this.capacity) return;
    this.capacity = next;
    for (const rings of this.byInstrument.values()) {
      for (let i = 0; i < rings.length; i++) rings[i] = rings[i]!.resized(next);
    }
  }
}
