import { addFixed, decimalsOf, timeframeMs } from '../core/index.js';
import type { Bar, Tick, Timeframe } from '../core/index.js';

const DAY_MS = 86_400_000;

/** The session zone's offset from UTC (ms, e.g. +19_800_000 for India) at an instant. */
export type SessionOffset = (tsMs: number) => number;

export interface BarAggregatorOptions {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  /** Receives each completed bar. */
  readonly onBar: (bar: Bar) => void;
  /** Daily buckets start at the session zone's midnight instead of 00:00 UTC. */
  readonly sessionOffsetMs?: SessionOffset;
}

/**
 * Ticks or small bars → bars of one larger timeframe, bucketed by open time aligned to the timeframe in
 * UTC (daily buckets optionally at a session zone's midnight). A bucket is emitted as soon as it is known
 * to be complete: when an input's end reaches the bucket's end, or when an input of a later bucket arrives;
 * `flush()` emits the last, partial one. OHLC is exact (prices are copied, never computed); volume is
 * summed exactly (whole volumes by plain addition, fractional ones on their decimal grid). Inputs must come
 * in time order; one for a bucket already emitted is ignored and counted in `lateCount`.
 * State lives in fields: nothing is allocated per input, only the completed bar.
 */
export class BarAggregator {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  readonly timeframeMs: number;
  lateCount = 0;
  private readonly onBar: (bar: Bar) => void;
  private readonly sessionOffsetMs: SessionOffset | undefined;
  private active = false;
  private key = Number.NaN;
  private lastEmittedKey = Number.NEGATIVE_INFINITY;
  private bucketStartMs = 0;
  private bucketEndMs = 0;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private volumeDecimals = 0;

  constructor(options: BarAggregatorOptions) {
    this.instrumentId = options.instrumentId;
    this.timeframe = options.timeframe;
    this.timeframeMs = timeframeMs(options.timeframe);
    this.onBar = options.onBar;
    this.sessionOffsetMs = this.timeframeMs >= DAY_MS ? options.sessionOffsetMs : undefined;
  }

  addBar(bar: Bar): void {
    this.update(bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.ts + timeframeMs(bar.timeframe));
  }

  addTick(tick: Tick): void {
    this.update(tick.ts, tick.price, tick.price, tick.price, tick.price, tick.size, tick.ts);
  }

  /** One input covering [tsMs, endMs): a bar (end = its close time) or a tick (end = its time). */
  update(tsMs: number, open: number, high: number, low: number, close: number, volume: number, endMs: number): void {
    const key = this.keyOf(tsMs);
    if (this.active && key === this.key) {
      if (high > this.high) this.high = high;
      if (low < this.low) this.low = low;
      this.close = close;
      this.addVolume(volume);
    } else if (key < this.key || key <= this.lastEmittedKey) {
      this.lateCount++;
      return;
    } else {
      if (this.active) this.emit();
      this.start(key, open, high, low, close, volume);
    }
    if (endMs >= this.bucketEndMs) this.emit();
  }

  /** Emit the bucket in progress, complete or not (end of a backtest). */
  flush(): void {
    if (this.active) this.emit();
  }

  private start(key: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.active = true;
    this.key = key;
    this.bucketStartMs = this.startOf(key);
    this.bucketEndMs = this.startOf(key + 1);
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = 0;
    this.addVolume(volume);
  }

  private emit(): void {
    this.active = false;
    this.lastEmittedKey = this.key;
    this.onBar({
      instrumentId: this.instrumentId,
      timeframe: this.timeframe,
      ts: this.bucketStartMs,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
    });
  }

  private addVolume(volume: number): void {
    if (this.volumeDecimals === 0 && Number.isInteger(volume)) {
      this.volume += volume;
      return;
    }
    const decimals = decimalsOf(volume);
    if (decimals > this.volumeDecimals) this.volumeDecimals = decimals;
    this.volume = addFixed(this.volume, volume, this.volumeDecimals);
  }

  private keyOf(tsMs: number): number {
    const offset = this.sessionOffsetMs;
    if (offset === undefined) return Math.floor(tsMs / this.timeframeMs);
    return Math.floor((tsMs + offset(tsMs)) / DAY_MS);
  }

  /** UTC start of bucket `key`: key × timeframe, or the session zone's midnight of local day `key`. */
  private startOf(key: number): number {
    const offset = this.sessionOffsetMs;
    if (offset === undefined) return key * this.timeframeMs;
    const localMidnight = key * DAY_MS;
    return localMidnight - offset(localMidnight - offset(localMidnight));
  }
}
