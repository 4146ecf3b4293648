import { z } from 'zod';
import { EVENT_TYPES, isEventType, type EventType } from '../../core/index.js';
import { parseTimeMs } from './schemasExecution.js';

export const MAX_EVENTS_PER_PAGE = 1000;
export const DEFAULT_EVENTS_PER_PAGE = 100;

/** The envelope of core's events.ts; the payload is the event type's own (see the catalog). */
export const eventEnvelopeSchema = z.object({
  id: z.string().describe('sortable, unique'),
  type: z.string().describe('the event type (past tense), e.g. OrderFilled'),
  version: z.number().int(),
  ts: z.number().describe('event time, epoch ms'),
  source: z.string().describe('the component that produced it'),
  key: z.string().describe('partition key, normally the instrument'),
  correlationId: z.string().describe('the signal (or command) that started the chain'),
  causationId: z.string(),
  idempotencyKey: z.string(),
  payload: z.unknown().describe("the event type's own payload (an object; see the event catalog)"),
});

/** StoredEvent of core's ports.ts: an event with its place in the log. */
export const storedEventSchema = z.object({
  seq: z.number().int().describe('position in the log, 1-based, gap-free'),
  event: eventEnvelopeSchema,
});

/** `A,B` → the event types, refusing the first unknown one by name. */
const typeListQuery = z
  .string()
  .max(4000)
  .transform((text, ctx): EventType[] => {
    const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const unknown = names.find((name) => !isEventType(name));
    if (unknown !== undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown event type "${unknown}" (known: ${EVENT_TYPES.join(', ')})` });
      return z.NEVER;
    }
    return names as EventType[];
  })
  .describe('event types, comma-separated (e.g. OrderFilled,RiskRejected)');

const timeQuery = z
  .string()
  .max(40)
  .refine((text) => Number.isFinite(parseTimeMs(text)), 'expected an ISO 8601 time or epoch milliseconds');

export const eventQuerySchema = z.object({
  type: typeListQuery.optional(),
  correlationId: z.string().min(1).max(128).optional().describe("one trade's chain"),
  key: z.string().min(1).max(128).optional().describe('partition key, normally an instrument id'),
  from: timeQuery.optional().describe('events at or after this time (ISO 8601 or epoch ms)'),
  to: timeQuery.optional().describe('events at or before this time (ISO 8601 or epoch ms)'),
  afterSeq: z.coerce.number().int().min(0).optional().describe('events after this position in the log (paging forward)'),
  beforeSeq: z.coerce.number().int().min(1).optional().describe('events before this position in the log (paging back, with order=desc)'),
  order: z.enum(['asc', 'desc']).default('asc').describe('asc: oldest first (default); desc: newest first, so the first page is the latest'),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_PAGE).default(DEFAULT_EVENTS_PER_PAGE),
});

export const eventPageSchema = z.object({
  events: z.array(storedEventSchema).readonly(),
  nextAfterSeq: z
    .number()
    .int()
    .nullable()
    .describe('order=asc: pass as afterSeq for the next page; null when this page held every remaining match (or order=desc)'),
  nextBeforeSeq: z
    .number()
    .int()
    .nullable()
    .describe('order=desc: pass as beforeSeq for the next (older) page; null when none is left (or order=asc)'),
});

export const correlationIdParamsSchema = z.object({ correlationId: z.string().min(1).max(128) });

export const storySchema = z.object({
  correlationId: z.string(),
  events: z.array(storedEventSchema).readonly().describe('in log order: signal, decision, risk, order, fills, position'),
});
