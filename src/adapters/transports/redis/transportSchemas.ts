import { z } from 'zod';
import { TIMEFRAMES } from '../../../core/index.js';

/** A JSON object, kept as it is (not copied field by field): the payload's fields are the producer's contract. */
const jsonObject = z.custom<Readonly<Record<string, unknown>>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'must be a JSON object',
);

/** The envelope's shape as bytes from Redis must have it; the type's catalog membership and version are checked after. */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  ts: z.number().finite(),
  source: z.string(),
  key: z.string(),
  correlationId: z.string(),
  causationId: z.string(),
  idempotencyKey: z.string().min(1),
  payload: jsonObject,
});

const price = z.number().finite();

const barSchema = z.object({
  instrumentId: z.string().min(1),
  timeframe: z.enum(TIMEFRAMES),
  ts: z.number().finite(),
  open: price,
  high: price,
  low: price,
  close: price,
  volume: z.number().finite().nonnegative(),
});

const tickSchema = z.object({
  instrumentId: z.string().min(1),
  ts: z.number().finite(),
  price,
  size: z.number().finite().nonnegative(),
  bid: price.optional(),
  ask: price.optional(),
});

export const marketMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bar'), key: z.string().min(1), idempotencyKey: z.string().min(1), bar: barSchema }),
  z.object({ kind: z.literal('tick'), key: z.string().min(1), idempotencyKey: z.string().min(1), tick: tickSchema }),
]);
