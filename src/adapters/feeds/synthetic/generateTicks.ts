import { createRandom } from '../../../core/index.js';
import type { Tick } from '../../../core/index.js';
import { PriceWalk, checkCount } from './PriceWalk.js';

/** Trade prints of one instrument held column-wise. */
export interface TickSeries {
  readonly instrumentId: string;
  readonly length: number;
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly size: Float64Array;
}

export interface GenerateTicksOptions {
  readonly instrumentId: string;
  readonly count: number;
  readonly startMs: number;
  readonly intervalMs: number;
  readonly startPrice: number;
  /** Standard deviation of the per-tick log return. */
  readonly volatility: number;
  readonly tickSize: number;
  readonly seed: number;
  /** Typical trade size (log-normal around it, always ≥ 1); default 100. */
  readonly baseSize?: number;
}

/** Deterministic synthetic trade prints, evenly spaced, prices on the tick grid. */
export function generateTicks(options: GenerateTicksOptions): TickSeries {
  const { count } = options;
  checkCount(count);
  const random = createRandom(options.seed);
  const walk = new PriceWalk(options.startPrice, options.tickSize, options.volatility, random);
  const baseSize = options.baseSize ?? 100;
  const ts = new Float64Array(count);
  const price = new Float64Array(count);
  const size = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    ts[i] = options.startMs + i * options.intervalMs;
    price[i] = walk.price(i === 0 ? walk.ticks : walk.step());
    size[i] = Math.max(1, Math.round(baseSize * Math.exp(0.5 * random.normal())));
  }
  return { instrumentId: options.instrumentId, length: count, ts, price, size };
}

export function tickAt(series: TickSeries, index: number): Tick {
  return { instrumentId: series.instrumentId, ts: series.ts[index]!, price: series.price[index]!, size: series.size[index]! };
}

/** The ticks one by one, as objects (for feeding a bus or a test). */
export function* iterateTicks(series: TickSeries): Generator<Tick, void, undefined> {
  for (let i = 0; i < series.length; i++) yield tickAt(series, i);
}
