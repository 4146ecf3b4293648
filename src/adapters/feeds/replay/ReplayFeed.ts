import { setTimeout as sleep } from 'node:timers/promises';
import { barAt, timeframeMs, type Bar, type BarSeries, type MarketDataFeed, type MarketDataSink, type SimulatedClock } from '../../../core/index.js';

export interface ReplayFeedOptions {
  /** One instrument's bars, or several instruments' merged by time (bars of one time in the order given). */
  readonly series: BarSeries | readonly BarSeries[];
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
  private readonly tapes: readonly BarSeries[];
  /** Replay order: tape and index of each bar (one tape: none needed). */
  private readonly order: { readonly tape: Uint16Array; readonly index: Uint32Array } | undefined;
  private readonly length: number;

  constructor(private readonly options: ReplayFeedOptions) {
    if (!(options.speed > 0)) throw new RangeError(`replay speed must be > 0, got ${options.speed}`);
    this.position = options.fromIndex ?? 0;
    this.tapes = isSeriesList(options.series) ? options.series : [options.series];
    this.order = this.tapes.length > 1 ? mergeByTime(this.tapes) : undefined;
    this.length = this.tapes.reduce((n, tape) => n + tape.length, 0);
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
    const { speed, clock } = this.options;
    const fast = speed === Number.POSITIVE_INFINITY;
    while (this.running && this.position < this.length) {
      const bar = this.barAt(this.position);
      clock?.advanceTo(bar.ts + timeframeMs(bar.timeframe) - 1);
      sink.onBar(bar);
      this.position++;
      if (fast) {
        if (this.position % 1000 === 0) await sleep(0); // let timers and I/O run
      } else if (this.position < this.length) {
        await sleep(Math.max(0, (this.tsAt(this.position) - bar.ts) / speed));
      }
    }
    if (this.position >= this.length) this.options.onEnd?.();
    this.running = false;
  }

  private barAt(position: number): Bar {
    if (this.order === undefined) return barAt(this.tapes[0]!, position);
    return barAt(this.tapes[this.order.tape[position]!]!, this.order.index[position]!);
  }

  private tsAt(position: number): number {
    if (this.order === undefined) return this.tapes[0]!.ts[position]!;
    return this.tapes[this.order.tape[position]!]!.ts[this.order.index[position]!]!;
  }
}

function isSeriesList(series: BarSeries | readonly BarSeries[]): series is readonly BarSeries[] {
  return Array.isArray(series);
}

/** Every tape's bars in time order; bars of one time in the order of the tapes. */
function mergeByTime(tapes: readonly BarSeries[]): { readonly tape: Uint16Array; readonly index: Uint32Array } {
  const total = tapes.reduce((n, t) => n + t.length, 0);
  const tape = new Uint16Array(total);
  const index = new Uint32Array(total);
  const cursors = tapes.map(() => 0);
  for (let out = 0; out < total; out++) {
    let best = -1;
    for (let t = 0; t < tapes.length; t++) {
      const at = cursors[t]!;
      if (at < tapes[t]!.length && (best < 0 || tapes[t]!.ts[at]! < tapes[best]!.ts[cursors[best]!]!)) best = t;
    }
    tape[out] = best;
    index[out] = cursors[best]!++;
  }
  return { tape, index };
}
