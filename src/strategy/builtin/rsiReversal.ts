import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import { CrossDetector, RSI, type Bar, type Timeframe } from '../../core/index.js';
import { confidenceParam, gridPrecision, integerParam, numberParam, pricePrecisionParam } from '../params.js';
import type { Strategy, StrategyContext, StrategyDefinition } from '../Strategy.js';

const schema = z
  .object({
    period: integerParam(1, 14, 'bars in the Wilder RSI'),
    oversold: numberParam(0, 100, 30, 'BUY when the RSI crosses up through this level'),
    overbought: numberParam(0, 100, 70, 'SELL when the RSI crosses down through this level'),
    confidence: confidenceParam(0.7),
    pricePrecision: pricePrecisionParam(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.oversold >= p.overbought) {
      ctx.addIssue({ code: 'custom', path: ['oversold'], message: `must be less than overbought (${p.overbought}), got ${p.oversold}` });
    }
  });

export type RsiParams = z.output<typeof schema>;

interface Book {
  readonly rsi: RSI;
  readonly throughOversold: CrossDetector;
  readonly throughOverbought: CrossDetector;
  long: boolean;
}

/**
 * Long-only RSI reversal: BUY when the RSI crosses up through `oversold`, SELL (close the long) when it crosses
 * down through `overbought`. Touching a level exactly is no cross (see CrossDetector).
 */
class RsiStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[];
  private readonly books = new Map<string, Book>();

  constructor(
    private readonly params: RsiParams,
    instrumentIds: readonly string[],
    private readonly timeframe: Timeframe,
    precision: number,
  ) {
    this.subscriptions = instrumentIds.map((instrumentId) => ({ instrumentId, timeframe }));
    for (const id of instrumentIds) {
      this.books.set(id, {
        rsi: new RSI(params.period, { precision }),
        throughOversold: new CrossDetector(),
        throughOverbought: new CrossDetector(),
        long: false,
      });
    }
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined || bar.timeframe !== this.timeframe) return;
    const rsi = book.rsi.update(bar.close);
    if (!book.rsi.isReady) return;
    const up = book.throughOversold.update(rsi - this.params.oversold);
    const down = book.throughOverbought.update(rsi - this.params.overbought);
    const { period, oversold, overbought, confidence } = this.params;
    if (up === 1 && !book.long) {
      book.long = true;
      ctx.signal({ instrumentId: bar.instrumentId, action: 'BUY', confidence, timeframe: bar.timeframe, strength: rsi, reason: `RSI(${period}) crossed above ${oversold}` });
    } else if (down === -1 && book.long) {
      book.long = false;
      ctx.signal({ instrumentId: bar.instrumentId, action: 'SELL', confidence, timeframe: bar.timeframe, strength: rsi, reason: `RSI(${period}) crossed below ${overbought}` });
    }
  }
}

export const rsiReversal: StrategyDefinition<RsiParams> = {
  name: 'rsi',
  description: 'Long-only: BUY when the RSI crosses up through oversold, SELL when it crosses down through overbought.',
  params: schema,
  create: (params, setup) => new RsiStrategy(params, setup.instrumentIds, setup.timeframe, gridPrecision(params.pricePrecision, setup)),
};
