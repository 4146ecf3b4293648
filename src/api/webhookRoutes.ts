import type { onRequestHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RealClock, type Clock } from '../core/index.js';
import { ApiError } from './apiErrors.js';
import { commonErrorResponses, errorResponseSchema } from './errorSchema.js';
import { parseJsonText } from './parseJsonText.js';
import { TokenBucket, type RateLimit } from './TokenBucket.js';

/** What the injected parser must tell the route: the fields at fault, and the secret the payload carried. */
export interface WebhookParse {
  readonly problems: readonly { readonly field: string; readonly reason: string }[];
  readonly secret?: string;
}

/** What the intake did with one request (the signals engine's IntakeOutcome). */
export interface WebhookOutcome {
  readonly received: number;
  readonly refused: number;
  readonly duplicates: number;
  readonly refusals: readonly string[];
}

export interface WebhookRoutesOptions<P extends WebhookParse = WebhookParse> {
  /** Validates the payload and names each bad field (`parseWebhookSignal`: the body's schema lives with the intake). */
  parse(body: unknown): P;
  /** Constant-time comparison with the configured secret (`checkWebhookSecret`); false when missing. */
  checkSecret(given: string | undefined): boolean;
  /** The request's source ref: from its `Idempotency-Key` when given, else from the raw body (`webhookSourceRef`). */
  sourceRef(rawBody: string, idempotencyKey?: string): string;
  /** Hand the parsed payload to the intake and make its events durable (`intake.accept` + `store.flush`). */
  acceptWebhook(parsed: P, sourceRef: string): Promise<WebhookOutcome>;
  /** Per caller address; default a burst of 20, then 5 per second. */
  readonly rateLimit?: RateLimit;
  /** Time for the rate limit; default the wall clock. */
  readonly clock?: Clock;
}

export const WEBHOOK_PATH = '/signals/webhook';
export const DEFAULT_WEBHOOK_RATE_LIMIT: RateLimit = { burst: 20, perSecond: 5 };

const outcomeSchema = z.object({
  received: z.number().int().describe('signals taken (SignalReceived)'),
  refused: z.number().int().describe('signals refused (SignalRefused): unknown strategy or symbol, off-grid quantity…'),
  duplicates: z.number().int().describe('already taken earlier (a redelivery with the same Idempotency-Key or body)'),
  refusals: z.array(z.string()).readonly(),
});

const headersSchema = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
  'x-webhook-secret': z.string().max(500).optional(),
});

/**
 * `POST /signals/webhook`: TradingView-style alerts. The body is JSON (TradingView posts it as text/plain
 * when the alert message is a template), read raw because the source ref is its hash. Order of checks: rate
 * limit (before the body is read), JSON, secret (401 and nothing emitted: a caller without it learns nothing
 * about its payload), then the intake, which journals a refusal for each bad field too; 202 with the
 * intake's outcome, or 400 naming every bad field. The secret comes from `X-Webhook-Secret` or the
 * payload's `secret` (TradingView cannot set headers).
 */
export const webhookRoutes: FastifyPluginAsyncZod<WebhookRoutesOptions> = async (app, options) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const limiter = new TokenBucket(options.rateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT, options.clock ?? new RealClock());
  const rateLimited: onRequestHookHandler = (request, _reply, done) => {
    const waitMs = limiter.take(request.ip);
    if (waitMs === 0) return done();
    const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
    done(new ApiError('RATE_LIMITED', `too many webhook requests from ${request.ip}; retry in ${retryAfterS} s`, { headers: { 'retry-after': String(retryAfterS) } }));
  };

  app.post(
    WEBHOOK_PATH,
    {
      onRequest: rateLimited,
      schema: {
        summary: 'TradingView-style alert → signal (shared secret, not a user login)',
        tags: ['signals'],
        headers: headersSchema,
        response: { 202: outcomeSchema, 401: errorResponseSchema, ...commonErrorResponses },
      },
    },
    async (request, reply) => {
      const raw = request.body as string;
      const parsed = options.parse(parseJsonText(raw));
      if (!options.checkSecret(request.headers['x-webhook-secret'] ?? parsed.secret)) {
        throw new ApiError('UNAUTHORIZED', 'missing or wrong webhook secret');
      }
      const outcome = await options.acceptWebhook(parsed, options.sourceRef(raw, request.headers['idempotency-key']));
      if (parsed.problems.length > 0) {
        const problems = parsed.problems.map((p) => ({ field: p.field, message: p.reason }));
        throw new ApiError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { field: problems[0]!.field, problems });
      }
      return reply.code(202).send(outcome);
    },
  );
};
