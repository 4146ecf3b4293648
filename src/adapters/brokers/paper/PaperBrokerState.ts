import { z } from 'zod';
import { ValidationError } from '../../../core/index.js';
import { ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES, TIME_IN_FORCE } from '../../../core/index.js';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const orNaN = z.number().nullable(); // NaN is written as null by JSON

/** The paper broker's durable state: its working orders and its positions (what survives a restart). */
export const paperBrokerStateSchema = z
  .object({
    version: z.literal(1),
    brokerSeq: z.number().int().min(0),
    orders: z.array(
      z
        .object({
          clientOrderId: z.string().min(1),
          brokerOrderId: z.string().min(1),
          accountId: z.string().min(1),
          instrumentId: z.string().min(1),
          side: z.enum(ORDER_SIDES),
          type: z.enum(ORDER_TYPES),
          timeInForce: z.enum(TIME_IN_FORCE),
          quantity: finite,
          filledQuantity: finite,
          limitPrice: finite.optional(),
          stopPrice: finite.optional(),
          trailingOffset: finite.optional(),
          bestPrice: orNaN,
          triggered: z.boolean(),
          expireAtMs: orNaN,
          status: z.enum(ORDER_STATUSES),
          fillCount: z.number().int().min(0),
          commissionComputedMinor: finite,
          commissionChargedMinor: finite,
        })
        .strict(),
    ),
    positions: z.array(z.object({ accountId: z.string().min(1), instrumentId: z.string().min(1), quantity: finite }).strict()),
  })
  .strict();

export type PaperBrokerState = z.output<typeof paperBrokerStateSchema>;

/** Validate a stored state; a damaged file is an error naming the field, never a silently emptier broker. */
export function parsePaperBrokerState(raw: unknown, source: string): PaperBrokerState {
  const result = paperBrokerStateSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
  throw new ValidationError(`${source}: not a paper broker state: ${problems.join('; ')}`, { problems });
}
