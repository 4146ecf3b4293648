import { z } from 'zod';
import { EVENT_VERSIONS, isEventType } from '../../../core/index.js';
import type { AnyEvent } from '../../../core/index.js';
import type { MarketMessage, TransportMessage } from './marketMessage.js';
import { readMarketMessage } from './readMarketMessage.js';
import { envelopeSchema, marketMessageSchema } from './transportSchemas.js';

/** Field names of a stream entry: one field, `e` for an event envelope or `m` for a market message. */
export const EVENT_FIELD = 'e';
export const MARKET_FIELD = 'm';

export type DecodedEntry =
  | { readonly ok: true; readonly message: TransportMessage }
  | { readonly ok: false; readonly reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes entering from Redis: one field holding UTF-8 JSON, an envelope of a catalog type at its current version
 * (or a market message). Anything else is refused with a reason naming what was wrong; nothing throws.
 */
export function decodeStreamEntry(fields: readonly Buffer[]): DecodedEntry {
  if (fields.length !== 2) return bad(`expected one field (${EVENT_FIELD} or ${MARKET_FIELD}), got ${fields.length / 2}`);
  const name = fields[0]!.toString('latin1');
  if (name !== EVENT_FIELD && name !== MARKET_FIELD) return bad(`unknown field "${name.slice(0, 40)}"`);
  let text: string;
  try {
    text = utf8.decode(fields[1]);
  } catch {
    return bad('not UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return name === EVENT_FIELD ? decodeEnvelope(value) : decodeMarket(value);
}

function decodeEnvelope(value: unknown): DecodedEntry {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) return bad(`not an event envelope: ${describeIssues(parsed.error)}`);
  const envelope = parsed.data;
  if (!isEventType(envelope.type)) return bad(`unknown event type "${envelope.type.slice(0, 60)}"`);
  const expected = EVENT_VERSIONS[envelope.type];
  if (envelope.version !== expected) return bad(`${envelope.type} version ${envelope.version} is not the current version ${expected}`);
  return { ok: true, message: envelope as unknown as AnyEvent };
}

function decodeMarket(value: unknown): DecodedEntry {
  const fast = readMarketMessage(value);
  if (fast !== undefined) return { ok: true, message: fast };
  const parsed = marketMessageSchema.safeParse(value);
  if (!parsed.success) return bad(`not a market message: ${describeIssues(parsed.error)}`);
  return { ok: true, message: parsed.data as MarketMessage };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

function bad(reason: string): DecodedEntry {
  return { ok: false, reason };
}
