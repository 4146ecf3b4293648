import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import { CrossDetector, SMA, TIMEFRAMES, ValidationError, timeframeMs, type Bar, type Timeframe } from '../../core/index.js';
import { confidenceParam, gridPrecision, integerParam, pricePrecisionParam } from '../params.js';
import type { Strategy, StrategyContext, StrategyDefinition, StrategySetup } from '../Strategy.js';

const schema = z
  .object({
    fast: integerParam(1, 10, 'bars in the fast SMA on the entry timeframe'),
    slow: integerParam(2, 30, 'bars in the slow SMA on the entry timeframe'),
    trendTimeframe: z.enum(TIMEFRAMES).default('1h').describe('the longer timeframe of the trend filter'),
    trendPeriod: integerParam(1, 20, 'bars in the trend SMA on the trend timeframe'),
    confidence: confidenceParam(0.8),
    pricePrecision: pricePrecisionParam(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.fast >= p.slow) ctx.addIssue({ code: 'custom', path: ['fast'], message: `must be less than slow (${p.slow}), got ${p.fast}` });
  });

export type TrendCrossoverParams = z.output<typeof schema>;

interface Book {
  readonly fast: SMA;
  readonly slow: SMA;
  readonly cross: CrossDetector;
  readonly trend: SMA;
  trendUp: boolean;
  long: boolean;
}

/**
 * Multi-timeframe example: an SMA crossover on the entry timeframe (e.g. 5m) that only BUYs while the last
 * close of the trend timeframe (e.g. 1h) is above that timeframe's SMA. SELL on the cross back down, whatever
 * the trend. The runner delivers both timeframes' bars; `onBar` tells them apart by `bar.timeframe`.
 */
class TrendCrossoverStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[];
  private readonly books = new Map<string, Book>();
  private readonly upReason: string;
  private readonly downReason: string;

  constructor(
    private readonly params: TrendCrossoverParams,
    setup: StrategySetup,
    private readonly timeframe: Timeframe,
    precision: number,
  ) {
    const trendTimeframe = params.trendTimeframe;
    this.subscriptions = setup.instrumentIds.flatMap((instrumentId) => [
      { instrumentId, timeframe },
      { instrumentId, timeframe: trendTimeframe },
    ]);
    for (const id of setup.instrumentIds) {
      this.books.set(id, {
        fast: new SMA(params.fast, { precision }),
        slow: new SMA(params.slow, { precision }),
        cross: new CrossDetector(),
        trend: new SMA(params.trendPeriod, { precision }),
        trendUp: false,
        long: false,
      });
    }
    const trend = `${trendTimeframe} close above SMA(${params.trendPeriod})`;
    this.upReason = `SMA(${params.fast}) crossed above SMA(${params.slow}) with ${trend}`;
    this.downReason = `SMA(${params.fast}) crossed below SMA(${params.slow})`;
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined) return;
    if (bar.timeframe === this.params.trendTimeframe) {
      const trend = book.trend.update(bar.close);
      book.trendUp = book.trend.isReady && bar.close > trend;
      return;
    }
    if (bar.timeframe !== this.timeframe) return;
    const fast = book.fast.update(bar.close);
    const slow = book.slow.update(bar.close);
    if (!book.slow.isReady) return;
    const cross = book.cross.update(fast - slow);
    const { confidence } = this.params;
    if (cross === 1 && !book.long && book.trendUp) {
      book.long = true;
      ctx.signal({ instrumentId: bar.instrumentId, action: 'BUY', confidence, reason: this.upReason, timeframe: bar.timeframe, strength: (fast - slow) / slow });
    } else if (cross === -1 && book.long) {
      book.long = false;
      ctx.signal({ instrumentId: bar.instrumentId, action: 'SELL', confidence, reason: this.downReason, timeframe: bar.timeframe, strength: (fast - slow) / slow });
    }
  }
}

export const trendCrossover: StrategyDefinition<TrendCrossoverParams> = {
  name: 'trend-crossover',
  description: 'Multi-timeframe: SMA crossover entries on the setup timeframe, BUY only while the trend timeframe closes above its SMA.',
  params: schema,
  create: (params, setup) => {
    if (timeframeMs(params.trendTimeframe) <= timeframeMs(setup.timeframe)) {
      throw new ValidationError(
        `strategy "trend-crossover": parameter "trendTimeframe": must be longer than the entry timeframe ${setup.timeframe}, got ${params.trendTimeframe}`,
        { strategy: 'trend-crossover', parameters: ['trendTimeframe'] },
      );
    }
    return new TrendCrossoverStrategy(params, setup, setup.timeframe, gridPrecision(params.pricePrecision, setup));
  },
};
