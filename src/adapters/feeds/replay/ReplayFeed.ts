import { setTimeout as sleep } from 'node:timers/promises';
import { barAt, timeframeMs, type BarSeries, type MarketDataFeed, type MarketDataSink, type SimulatedClock } from '../../../core/index.js';

export interface ReplayFeedOptions {
  readonly series: BarSeries;
  /** How fast to replay: 1 = the bars' own pace, 60 = a minute per second; Infinity = as fast as possible. */
  readonly speed: number;
  /** When given, the feed drives it: each bar is delivered at its last millisecond, as in a backtest. */
  readonly clock?: SimulatedClock;
  /** Start at this bar (resuming a replay). */
  readonly fromIndex?: number;
  /** Called after the last bar. */
  readonly onEnd?: () => void;
}

/**
 * Replays recorded bars into a live node, paced by `speed` (a CSV replayed at a chosen speed, or a tape for
 * backtest–live parity). With a simulated clock it moves the clock exactly as the backtest runner does.
 */
export class ReplayFeed implements MarketDataFeed {
  readonly name = 'replay';
  private running = false;
  private position: number;
  private done: Promise<void> | undefined;

  constructor(private readonly options: ReplayFeedOptions) {
    if (!(options.speed > 0)) throw new RangeError(`replay speed must be > 0, got ${options.speed}`);
    this.position = options.fromIndex ?? 0;
  }

  /** Index of the next bar to deliver. */
  get nextIndex(): number {
    return this.position;
  }

  start(sink: MarketDataSink): Promise<void> {
    if (this.running) return Promise.reject(new Error('replay feed is already running'));
    this.running = true;
    this.done = this.run(sink);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Resolves when the replay has delivered its last bar (or was stopped). */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  private async run(sink: MarketDataSink): Promise<void> {
    const { series, speed, clock } = this.options;
    const barMs = timeframeMs(series.timeframe);
    const fast = speed === Number.POSITIVE_INFINITY;
    while (this.running && this.position < series.length) {
      const bar = barAt(series, this.position);
      clock?.advanceTo(bar.ts + barMs - 1);
      sink.onBar(bar);
      this.position++;
      if (fast) {
        if (this.position % 1000 === 0) await sleep(0); // let timers and I/O run
      } else if (this.position < series.length) {
        await sleep(Math.max(0, (series.ts[this.position]! - bar.ts) / speed));
      }
    }
    if (this.position >= series.length) this.options.onEnd?.();
    this.running = false;
  }
}
