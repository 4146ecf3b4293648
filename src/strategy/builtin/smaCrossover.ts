import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import { CrossDetector, SMA, type Bar, type Timeframe } from '../../core/index.js';
import { confidenceParam, gridPrecision, integerParam, pricePrecisionParam } from '../params.js';
import type { SignalRequest, Strategy, StrategyContext, StrategyDefinition } from '../Strategy.js';

const schema = z
  .object({
    fast: integerParam(1, 10, 'bars in the fast simple moving average'),
    slow: integerParam(2, 30, 'bars in the slow simple moving average'),
    confidence: confidenceParam(1),
    pricePrecision: pricePrecisionParam(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.fast >= p.slow) ctx.addIssue({ code: 'custom', path: ['fast'], message: `must be less than slow (${p.slow}), got ${p.fast}` });
  });

export type SmaCrossoverParams = z.output<typeof schema>;

interface Book {
  readonly fast: SMA;
  readonly slow: SMA;
  readonly cross: CrossDetector;
  long: boolean;
}

/**
 * Long-only moving-average crossover: BUY when the fast SMA crosses above the slow one, SELL (close the long)
 * when it crosses back below — a SELL only ever follows a BUY. Equal averages are no cross (see CrossDetector).
 */
class SmaCrossoverStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[];
  private readonly books = new Map<string, Book>();
  private readonly upReason: string;
  private readonly downReason: string;

  constructor(
    private readonly params: SmaCrossoverParams,
    instrumentIds: readonly string[],
    private readonly timeframe: Timeframe,
    precision: number,
  ) {
    this.subscriptions = instrumentIds.map((instrumentId) => ({ instrumentId, timeframe }));
    for (const id of instrumentIds) {
      this.books.set(id, {
        fast: new SMA(params.fast, { precision }),
        slow: new SMA(params.slow, { precision }),
        cross: new CrossDetector(),
        long: false,
      });
    }
    this.upReason = `SMA(${params.fast}) crossed above SMA(${params.slow})`;
    this.downReason = `SMA(${params.fast}) crossed below SMA(${params.slow})`;
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined || bar.timeframe !== this.timeframe) return;
    const fast = book.fast.update(bar.close);
    const slow = book.slow.update(bar.close);
    if (!book.slow.isReady) return;
    const cross = book.cross.update(fast - slow);
    if (cross === 1 && !book.long) {
      book.long = true;
      this.signal(ctx, bar, 'BUY', this.upReason, fast, slow);
    } else if (cross === -1 && book.long) {
      book.long = false;
      this.signal(ctx, bar, 'SELL', this.downReason, fast, slow);
    }
  }

  private signal(ctx: StrategyContext, bar: Bar, action: 'BUY' | 'SELL', reason: string, fast: number, slow: number): void {
    const request: { -readonly [K in keyof SignalRequest]: SignalRequest[K] } = {
      instrumentId: bar.instrumentId,
      action,
      confidence: this.params.confidence,
      reason,
      timeframe: bar.timeframe,
    };
    if (slow !== 0) request.strength = (fast - slow) / slow;
    ctx.signal(request);
  }
}

export const smaCrossover: StrategyDefinition<SmaCrossoverParams> = {
  name: 'sma-crossover',
  description: 'Long-only: BUY when the fast SMA crosses above the slow SMA, SELL when it crosses back below.',
  params: schema,
  create: (params, setup) =>
    new SmaCrossoverStrategy(params, setup.instrumentIds, setup.timeframe, gridPrecision(params.pricePrecision, setup)),
};
