import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import { RateOfChange, type Bar, type Timeframe } from '../../core/index.js';
import { confidenceParam, gridPrecision, integerParam, numberParam, pricePrecisionParam } from '../params.js';
import type { Strategy, StrategyContext, StrategyDefinition } from '../Strategy.js';

const schema = z
  .object({
    lookback: integerParam(1, 12, 'bars back for the rate of change'),
    entryPct: numberParam(-1000, 1000, 3, 'BUY when the rate of change rises above this, in percent'),
    exitPct: numberParam(-1000, 1000, 0, 'SELL when the rate of change falls below this, in percent'),
    confidence: confidenceParam(0.7),
    pricePrecision: pricePrecisionParam(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.exitPct >= p.entryPct) {
      ctx.addIssue({ code: 'custom', path: ['exitPct'], message: `must be less than entryPct (${p.entryPct}), got ${p.exitPct}` });
    }
  });

export type MomentumParams = z.output<typeof schema>;

interface Book {
  readonly roc: RateOfChange;
  long: boolean;
}

/**
 * Long-only momentum: with no position, BUY when the `lookback`-bar rate of change is above `entryPct`; holding,
 * SELL when it falls below `exitPct`. The gap between the two thresholds keeps it from flapping.
 */
class MomentumStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[];
  private readonly books = new Map<string, Book>();
  private readonly entryFraction: number;
  private readonly exitFraction: number;

  constructor(
    private readonly params: MomentumParams,
    instrumentIds: readonly string[],
    private readonly timeframe: Timeframe,
    precision: number,
  ) {
    this.subscriptions = instrumentIds.map((instrumentId) => ({ instrumentId, timeframe }));
    for (const id of instrumentIds) this.books.set(id, { roc: new RateOfChange(params.lookback, { precision }), long: false });
    this.entryFraction = params.entryPct / 100;
    this.exitFraction = params.exitPct / 100;
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined || bar.timeframe !== this.timeframe) return;
    const roc = book.roc.update(bar.close);
    if (roc !== roc) return;
    if (!book.long && roc > this.entryFraction) {
      book.long = true;
      this.signal(ctx, bar, 'BUY', roc, `ROC(${this.params.lookback}) ${formatPct(roc)} rose above ${this.params.entryPct}%`);
    } else if (book.long && roc < this.exitFraction) {
      book.long = false;
      this.signal(ctx, bar, 'SELL', roc, `ROC(${this.params.lookback}) ${formatPct(roc)} fell below ${this.params.exitPct}%`);
    }
  }

  private signal(ctx: StrategyContext, bar: Bar, action: 'BUY' | 'SELL', roc: number, reason: string): void {
    ctx.signal({ instrumentId: bar.instrumentId, action, confidence: this.params.confidence, reason, timeframe: bar.timeframe, strength: roc });
  }
}

function formatPct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

export const momentum: StrategyDefinition<MomentumParams> = {
  name: 'momentum',
  description: 'Long-only: BUY when the N-bar rate of change rises above entryPct, SELL when it falls below exitPct.',
  params: schema,
  create: (params, setup) => new MomentumStrategy(params, setup.instrumentIds, setup.timeframe, gridPrecision(params.pricePrecision, setup)),
};
