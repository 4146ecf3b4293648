import { z } from 'zod';
import { TIMEFRAMES } from '../../core/index.js';

const instrumentId = z.string().min(1).max(64).describe('a configured instrument, e.g. AAPL.SIM');
const price = z.number().positive().describe("on the instrument's tick grid");

/** `POST /market/simulate`: one tick or one bar, injected where the feed's data enters (paper mode only). */
export const simulateBodySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tick'),
      instrumentId,
      price,
      size: z.number().positive().optional().describe("on the lot grid; default one lot"),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bar'),
      instrumentId,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: z.number().min(0).optional().describe('default 10,000 lots'),
      timeframe: z.enum(TIMEFRAMES).optional().describe('default 1m; the bar is the period that just closed'),
    })
    .strict(),
]);

export const simulateAcceptedSchema = z.object({
  accepted: z.literal(true),
  kind: z.enum(['tick', 'bar']),
  instrumentId: z.string(),
});

export const lastPricesSchema = z.object({
  prices: z.record(z.string(), z.number()).describe('last traded (or bar close) price by instrument id; absent before the first'),
});
