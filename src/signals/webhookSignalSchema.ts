import { z } from 'zod';
import { isTimeframe, type Timeframe } from '../core/index.js';
import { badActionReason, isDecimalText, signalActionOf, timeframeOf } from './signalFields.js';

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

const name = (maxLength: number) =>
  requiredString('a string').trim().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);

/** A JSON number, or a numeric string (TradingView placeholders such as `{{close}}` arrive as text). */
const decimal = z
  .union([z.number(), z.string().trim().refine(isDecimalText, 'must be a number')], { error: 'must be a number' })
  .transform(Number);

const action = requiredString('a string').refine((text) => signalActionOf(text) !== undefined, {
  error: (issue) => badActionReason(String(issue.input)).replace('bad action', 'unknown action'),
});

const timeframe = z.union([z.string(), z.number()], { error: 'must be a string or a number of minutes' }).transform((value, ctx): Timeframe => {
  const found = timeframeOf(String(value));
  if (!isTimeframe(found)) ctx.issues.push({ code: 'custom', message: found, input: value });
  return found as Timeframe;
});

/**
 * A TradingView-style alert: `{ secret?, strategy, symbol|ticker, action|side, quantity?, price?, timeframe?,
 * confidence?, comment? }`. Unknown keys are refused (a misspelt `quantiy` must not silently fall back to
 * sizing). `symbol`/`ticker` and `action`/`side` are synonyms; which one is present is checked by
 * `parseWebhookSignal`, so every problem of a payload is reported at once.
 */
export const webhookSignalSchema = z.strictObject(
  {
    secret: z.string({ error: 'must be a string' }).optional(),
    strategy: name(100),
    symbol: name(64).optional(),
    ticker: name(64).optional(),
    action: action.optional(),
    side: action.optional(),
    quantity: decimal.pipe(z.number().positive('must be > 0').finite('must be finite')).optional(),
    price: decimal.pipe(z.number().nonnegative('must be ≥ 0 (0 means no price)').finite('must be finite')).optional(),
    timeframe: timeframe.optional(),
    confidence: decimal.pipe(z.number().min(0, 'must be in 0..1').max(1, 'must be in 0..1')).optional(),
    comment: z.string({ error: 'must be a string' }).max(500, 'must be at most 500 characters').optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object' : undefined) },
);

export type WebhookSignalInput = z.output<typeof webhookSignalSchema>;

export const WEBHOOK_FIELDS = Object.keys(webhookSignalSchema.shape);

