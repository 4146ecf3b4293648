import type { ParsedSignal, SignalBatch } from './ParsedSignal.js';
import { signalActionOf } from './signalFields.js';
import { WEBHOOK_FIELDS, webhookSignalSchema } from './webhookSignalSchema.js';

/** A field of the payload that is wrong, and why; `raw` is the payload without its secret. */
export interface WebhookProblem {
  readonly field: string;
  readonly reason: string;
  readonly raw: string;
}

export interface WebhookParseResult extends SignalBatch {
  /** The one signal of a valid payload; empty when there are problems. */
  readonly signals: ParsedSignal[];
  readonly problems: WebhookProblem[];
  /** The payload's shared secret, for the caller to check before accepting anything. */
  readonly secret?: string;
}

const RAW_MAX_CHARS = 2000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Validate a TradingView-style webhook payload (already-parsed JSON, or the body text: TradingView posts
 * text/plain when the alert message is not a JSON template). Every problem names its field. The secret is
 * returned separately and never copied into `raw`.
 */
export function parseWebhookSignal(body: unknown): WebhookParseResult {
  let input = body;
  if (typeof body === 'string') {
    try {
      input = JSON.parse(body) as unknown;
    } catch (error) {
      const reason = `is not JSON (${error instanceof Error ? error.message : String(error)})`;
      return { signals: [], problems: [{ field: 'body', reason, raw: redactSecret(body).slice(0, RAW_MAX_CHARS) }] };
    }
  }
  const record = isRecord(input) ? input : undefined;
  const secret = typeof record?.['secret'] === 'string' ? record['secret'] : undefined;
  const raw = rawWithoutSecret(input);
  const problems: WebhookProblem[] = [];
  const result = webhookSignalSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push({ field: key, reason: `is not a known field (known: ${WEBHOOK_FIELDS.join(', ')})`, raw });
      } else {
        problems.push({ field: issue.path.length > 0 ? issue.path.join('.') : 'body', reason: issue.message, raw });
      }
    }
  }
  if (record !== undefined) {
    eitherOf(record, 'symbol', 'ticker', problems, raw);
    eitherOf(record, 'action', 'side', problems, raw);
  }
  if (!result.success || problems.length > 0) return { signals: [], problems, ...(secret === undefined ? {} : { secret }) };
  const data = result.data;
  const signal: Mutable<ParsedSignal> = {
    source: 'webhook',
    symbol: (data.symbol ?? data.ticker)!,
    action: signalActionOf((data.action ?? data.side)!)!,
    strategy: data.strategy,
    raw,
  };
  if (data.quantity !== undefined) signal.quantity = data.quantity;
  if (data.price !== undefined && data.price > 0) signal.price = data.price;
  if (data.timeframe !== undefined) signal.timeframe = data.timeframe;
  if (data.confidence !== undefined) signal.confidence = data.confidence;
  if (data.comment !== undefined && data.comment.trim() !== '') signal.comment = data.comment.trim();
  return { signals: [signal], problems, ...(secret === undefined ? {} : { secret }) };
}

/** Exactly one of two synonyms must be given (both is fine when they agree). */
function eitherOf(record: Record<string, unknown>, first: string, second: string, problems: WebhookProblem[], raw: string): void {
  const a = record[first];
  const b = record[second];
  if (a === undefined && b === undefined) problems.push({ field: first, reason: `is required (or give ${second})`, raw });
  else if (typeof a === 'string' && typeof b === 'string' && a.trim().toUpperCase() !== b.trim().toUpperCase()) {
    problems.push({ field: second, reason: `"${b}" contradicts ${first} "${a}"; give one of them`, raw });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawWithoutSecret(input: unknown): string {
  let text: string;
  try {
    if (isRecord(input) && 'secret' in input) {
      const { secret: _secret, ...rest } = input;
      text = JSON.stringify(rest);
    } else {
      text = JSON.stringify(input) ?? String(input);
    }
  } catch {
    text = String(input);
  }
  return text.length > RAW_MAX_CHARS ? `${text.slice(0, RAW_MAX_CHARS)}…` : text;
}

/** A body that is not JSON may still carry `"secret": "..."`; never let it reach the log. */
function redactSecret(text: string): string {
  return text.replace(/("secret"\s*:\s*)"(?:[^"\\]|\\.)*"?/gi, '$1"(removed)"');
}
