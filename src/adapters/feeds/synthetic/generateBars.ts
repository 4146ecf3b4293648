import { createRandom, timeframeMs } from '../../../core/index.js';
import type { BarSeries, Timeframe } from '../../../core/index.js';
import { PriceWalk, checkCount } from './PriceWalk.js';

export interface GenerateBarsOptions {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
  readonly count: number;
  /** Open time of the first bar (epoch ms); bars follow back to back. */
  readonly startMs: number;
  readonly startPrice: number;
  /** Standard deviation of the per-bar log return (0.01 = 1 %). */
  readonly volatility: number;
  readonly tickSize: number;
  readonly seed: number;
  /** Typical volume per bar (log-normal around it, always ≥ 1). */
  readonly baseVolume: number;
}

/**
 * Deterministic synthetic bars: a random walk of closes on the tick grid, each bar opening at the previous
 * close plus a small gap, highs and lows around open and close, positive whole volumes. Same seed → the
 * same arrays, bit for bit.
 */
export function generateBars(options: GenerateBarsOptions): BarSeries {
  const { count, volatility } = options;
  checkCount(count);
  const random = createRandom(options.seed);
  const walk = new PriceWalk(options.startPrice, options.tickSize, volatility, random);
  const stepMs = timeframeMs(options.timeframe);
  const ts = new Float64Array(count);
  const open = new Float64Array(count);
  const high = new Float64Array(count);
  const low = new Float64Array(count);
  const close = new Float64Array(count);
  const volume = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const previous = walk.ticks;
    const gap = Math.round(random.normal() * volatility * 0.1 * previous);
    const openTicks = previous + gap < 1 ? 1 : previous + gap;
    const closeTicks = walk.step();
    const top = openTicks > closeTicks ? openTicks : closeTicks;
    const bottom = openTicks < closeTicks ? openTicks : closeTicks;
    const highTicks = top + walk.spread(top, 0.5);
    const lowTicks = Math.max(1, bottom - walk.spread(bottom, 0.5));
    ts[i] = options.startMs + i * stepMs;
    open[i] = walk.price(openTicks);
    high[i] = walk.price(highTicks);
    low[i] = walk.price(lowTicks);
    close[i] = walk.price(closeTicks);
    volume[i] = Math.max(1, Math.round(options.baseVolume * Math.exp(0.5 * random.normal())));
  }
  return { instrumentId: options.instrumentId, timeframe: options.timeframe, length: count, ts, open, high, low, close, volume };
}
