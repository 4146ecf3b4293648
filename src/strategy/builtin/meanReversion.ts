import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import { BollingerBands, type Bar, type SignalAction, type Timeframe } from '../../core/index.js';
import { booleanParam, confidenceParam, gridPrecision, integerParam, numberParam, pricePrecisionParam } from '../params.js';
import type { Strategy, StrategyContext, StrategyDefinition } from '../Strategy.js';

const schema = z
  .object({
    period: integerParam(2, 20, 'bars in the Bollinger window'),
    entryZ: numberParam(0, 100, 2, 'enter when the close is this many standard deviations from the mean'),
    exitZ: numberParam(0, 100, 0.5, 'exit when the close is back within this many standard deviations'),
    allowShort: booleanParam(false, 'also SHORT above +entryZ and COVER below +exitZ'),
    confidence: confidenceParam(0.7),
    pricePrecision: pricePrecisionParam(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.exitZ >= p.entryZ) ctx.addIssue({ code: 'custom', path: ['exitZ'], message: `must be less than entryZ (${p.entryZ}), got ${p.exitZ}` });
  });

export type MeanReversionParams = z.output<typeof schema>;

type Position = 'flat' | 'long' | 'short';

interface Book {
  readonly bands: BollingerBands;
  position: Position;
}

/**
 * Mean reversion on the z-score of the close against its Bollinger window: BUY when z < −entryZ, SELL when z
 * comes back above −exitZ; with `allowShort`, symmetrically SHORT when z > entryZ and COVER when z falls below exitZ.
 */
class MeanReversionStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[];
  private readonly books = new Map<string, Book>();

  constructor(
    private readonly params: MeanReversionParams,
    instrumentIds: readonly string[],
    private readonly timeframe: Timeframe,
    precision: number,
  ) {
    this.subscriptions = instrumentIds.map((instrumentId) => ({ instrumentId, timeframe }));
    for (const id of instrumentIds) this.books.set(id, { bands: new BollingerBands(params.period, { precision }), position: 'flat' });
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const book = this.books.get(bar.instrumentId);
    if (book === undefined || bar.timeframe !== this.timeframe) return;
    book.bands.update(bar.close);
    if (!book.bands.isReady) return;
    const z = book.bands.zScore;
    const { entryZ, exitZ } = this.params;
    if (book.position === 'flat') {
      if (z < -entryZ) this.move(ctx, bar, book, 'long', 'BUY', z, `z-score ${z.toFixed(2)} below -${entryZ}`);
      else if (this.params.allowShort && z > entryZ) this.move(ctx, bar, book, 'short', 'SHORT', z, `z-score ${z.toFixed(2)} above ${entryZ}`);
    } else if (book.position === 'long' && z > -exitZ) {
      this.move(ctx, bar, book, 'flat', 'SELL', z, `z-score ${z.toFixed(2)} back above -${exitZ}`);
    } else if (book.position === 'short' && z < exitZ) {
      this.move(ctx, bar, book, 'flat', 'COVER', z, `z-score ${z.toFixed(2)} back below ${exitZ}`);
    }
  }

  private move(ctx: StrategyContext, bar: Bar, book: Book, next: Position, action: SignalAction, z: number, reason: string): void {
    book.position = next;
    const label = `BB(${this.params.period})`;
    ctx.signal({ instrumentId: bar.instrumentId, action, confidence: this.params.confidence, reason: `${label} ${reason}`, timeframe: bar.timeframe, strength: z });
  }
}

export const meanReversion: StrategyDefinition<MeanReversionParams> = {
  name: 'mean-reversion',
  description: 'BUY when the close is entryZ standard deviations below its mean, SELL back above -exitZ; optional SHORT/COVER.',
  params: schema,
  create: (params, setup) =>
    new MeanReversionStrategy(params, setup.instrumentIds, setup.timeframe, gridPrecision(params.pricePrecision, setup)),
};
