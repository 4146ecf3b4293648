import { z } from 'zod';
import { ORDER_SIDES, ORDER_STATUSES, ORDER_TYPES, TIME_IN_FORCE } from '../../core/index.js';

/** Order of core, as the registry folds it. */
export const orderSchema = z.object({
  clientOrderId: z.string(),
  brokerOrderId: z.string().optional(),
  intentId: z.string(),
  accountId: z.string(),
  strategyId: z.string(),
  instrumentId: z.string(),
  side: z.enum(ORDER_SIDES),
  type: z.enum(ORDER_TYPES),
  quantity: z.number(),
  limitPrice: z.number().optional(),
  stopPrice: z.number().optional(),
  trailingOffset: z.number().optional(),
  timeInForce: z.enum(TIME_IN_FORCE),
  status: z.enum(ORDER_STATUSES),
  filledQuantity: z.number(),
  avgFillPrice: z.number(),
  correlationId: z.string(),
  parentId: z.string().optional(),
  reduceOnly: z.boolean(),
  createdTs: z.number().describe('epoch ms'),
  updatedTs: z.number().describe('epoch ms'),
  reason: z.string().optional(),
});

export const orderListSchema = z.object({ orders: z.array(orderSchema).readonly() });

export const orderPageSchema = z.object({
  orders: z.array(orderSchema).readonly(),
  total: z.number().int().describe('orders matching the filters'),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** ExecutionStatus of control.ts. */
export const executionStatusSchema = z.object({
  broker: z.string(),
  brokerSession: z.enum(['ok', 'expired']),
  openOrders: z.number().int(),
  ordersByState: z.record(z.string(), z.number().int()),
  awaitingReconciliation: z.number().int(),
});

export const clientOrderIdParamsSchema = z.object({ clientOrderId: z.string().min(1).max(128) });

/** An ISO 8601 time (`2024-05-02T14:30:00Z`, `2024-05-02`) or epoch milliseconds. */
const timeQuery = z
  .string()
  .max(40)
  .refine((text) => Number.isFinite(parseTimeMs(text)), 'expected an ISO 8601 time or epoch milliseconds');

export function parseTimeMs(text: string): number {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return Number.NaN;
  return Date.parse(text);
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `GET /execution/history` filters and paging. */
export const orderHistoryQuerySchema = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    instrumentId: z.string().min(1).max(64).optional(),
    strategyId: z.string().min(1).max(64).optional(),
    from: timeQuery.optional().describe('orders created at or after (ISO time or epoch ms)'),
    to: timeQuery.optional().describe('orders created at or before (ISO time or epoch ms)'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .strict();

export const cancelAllResultSchema = z.object({ requested: z.number().int().describe('open orders asked to be canceled') });
