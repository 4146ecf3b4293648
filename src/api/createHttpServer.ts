import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { Logger } from '../core/index.js';
import { addRequestLogging, requestIdOf } from './requestLogging.js';
import { ApiError } from './apiErrors.js';
import { addAuditTrail } from './auditTrail.js';
import { authRoutes, createAuthenticator, type AuthOptions } from './auth/index.js';
import type { NodeControl } from './control.js';
import { addOpenApi } from './openApi.js';
import { healthRoutes, type HealthRoutesOptions } from './healthRoutes.js';
import { metricsRoutes, type MetricsRoutesOptions } from './metricsRoutes.js';
import { parseJsonText } from './parseJsonText.js';
import { controlRoutes } from './routes/index.js';
import { addSecurityHeaders } from './securityHeaders.js';
import { streamRoutes } from './stream/index.js';
import { toApiError } from './toApiError.js';
import { webhookRoutes, type WebhookParse, type WebhookRoutesOptions } from './webhookRoutes.js';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8000;
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/** Per caller (user, else address): generous for a dashboard and scripts, a wall for a runaway loop. */
export const DEFAULT_API_RATE_LIMIT = { max: 1200, timeWindowMs: 60_000 } as const;

/** Stands in for fastify's default compiler factories, which the zod compilers replace before any route exists. */
function zodCompilersOnly(): never {
  throw new Error('createHttpServer: routes are compiled by zod; the default ajv/fast-json-stringify compilers are not loaded');
}

export interface HttpServerDeps<P extends WebhookParse = WebhookParse> {
  readonly logger: Logger;
  /** Default 127.0.0.1: the node is reachable only from this machine unless configured otherwise. */
  readonly host?: string;
  /** Default 8000 (FORTRESS_PORT, read by the app); 0 picks a free port. */
  readonly port?: number;
  /** Largest request body; larger ones get 413 naming the limit. Default 256 KiB. */
  readonly bodyLimitBytes?: number;
  /** Time allowed to receive a whole request (slow senders are cut off). Default 10 s. */
  readonly requestTimeoutMs?: number;
  readonly health: HealthRoutesOptions['health'];
  /** The prom-client registry behind `GET /metrics`; the route is absent without one. */
  readonly metrics?: MetricsRoutesOptions['registry'];
  /** The webhook intake behind `POST /signals/webhook`; the route is absent without one (no secret, no route). */
  readonly webhook?: WebhookRoutesOptions<P>;
  /** The node the API steers. Without it the server has only health, metrics and the webhook. Needs `auth`. */
  readonly control?: NodeControl;
  /** Users, tokens and API keys; required with `control` (there is no unauthenticated control API). */
  readonly auth?: AuthOptions;
  /** Requests per caller per window on every route (login has its own, stricter limit). */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** Origins allowed to call the API from a browser page served elsewhere; CORS is off without them. */
  readonly corsOrigins?: readonly string[];
  /** The built dashboard (index.html and assets/), served at `/` when the directory exists. */
  readonly dashboardDir?: string;
  /** WebSocket clients whose unsent backlog exceeds this are dropped (default 1 MiB). */
  readonly streamMaxBufferedBytes?: number;
}

export interface HttpServer {
  /** The fastify instance: more resource plugins register here before `start` (and tests may `inject`). */
  readonly app: FastifyInstance;
  /** Load the plugins and routes without listening yet (a caller can overlap this with other start-up work). */
  prepare(): Promise<void>;
  /** Listen (preparing first if `prepare` was not called); resolves with the address actually bound (the port is real even when 0 was asked). */
  start(): Promise<{ readonly url: string; readonly port: number }>;
  /** Stop accepting, let requests in flight finish, close idle connections. */
  close(): Promise<void>;
}

/**
 * The node's HTTP surface: one fastify plugin per resource, each with zod schemas for what it takes and
 * answers (validated both ways, and the OpenAPI document at `/docs` generated from them); errors as
 * `{ error: { code, message, field? } }` with the codes of apiErrors.ts; security headers on every answer;
 * rate limits; authentication and roles; an audit event for every state-changing call; one log line per
 * request through the core Logger (fastify's own logger is off). It receives everything it serves; it
 * knows no engine, adapter or the app.
 */
export function createHttpServer<P extends WebhookParse>(deps: HttpServerDeps<P>): HttpServer {
  const host = deps.host ?? DEFAULT_HTTP_HOST;
  const port = deps.port ?? DEFAULT_HTTP_PORT;
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const logger = deps.logger.child({ component: 'api' });
  if (deps.control !== undefined && deps.auth === undefined) throw new Error('createHttpServer: `control` needs `auth` (the control API is never open)');
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimitBytes,
    requestTimeout: deps.requestTimeoutMs ?? 10_000,
    genReqId: requestIdOf,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // zod validates and serializes every route (the two setters below). Naming factories here keeps fastify
    // from loading its defaults, ajv and fast-json-stringify, which nothing uses (~70 ms of start); the
    // setters replace these factories at once, so they are never called.
    schemaController: { compilersFactory: { buildValidator: zodCompilersOnly, buildSerializer: zodCompilersOnly } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Our JSON parser names the problem (fastify's says only "not valid JSON").
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonText(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  addRequestLogging(app, logger);
  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, request.routeOptions.bodyLimit ?? bodyLimitBytes, request.id);
    if (apiError.code === 'INTERNAL') logger.error({ correlationId: request.id, err: error }, 'request handler failed');
    return reply.code(apiError.statusCode).headers(apiError.headers).send(apiError.body());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(error.statusCode).send(error.body());
  });

  // Registration order is load order: headers and CORS first, then authentication and the rate limit (which
  // keys on the caller), the OpenAPI collector, then the routes it documents.
  addSecurityHeaders(app);
  if (deps.corsOrigins !== undefined && deps.corsOrigins.length > 0) {
    app.register(fastifyCors, { origin: [...deps.corsOrigins], credentials: false, methods: ['GET', 'POST', 'PATCH', 'DELETE'] });
  }
  // The WebSocket plugin's own hooks must see a refused upgrade before ours throw, or the socket lingers.
  if (deps.control !== undefined) app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  if (deps.auth !== undefined) app.addHook('onRequest', createAuthenticator(deps.auth));
  const limit = deps.rateLimit ?? DEFAULT_API_RATE_LIMIT;
  app.register(fastifyRateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    // After authentication, so each user (or script key) has its own budget; anonymous callers share their address's.
    hook: 'preValidation',
    keyGenerator: (request) => (request.actor !== undefined ? `user:${request.actor.username}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ApiError('RATE_LIMITED', `too many requests (at most ${context.max} per ${limit.timeWindowMs / 1000} s); retry in ${context.after}`, {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  });
  addOpenApi(app);
  app.register(healthRoutes, { health: deps.health });
  if (deps.metrics !== undefined) app.register(metricsRoutes, { registry: deps.metrics });
  if (deps.webhook !== undefined) app.register(webhookRoutes, deps.webhook);
  if (deps.auth !== undefined) app.register(authRoutes, deps.auth);
  if (deps.control !== undefined) {
    addAuditTrail(app, deps.control.events);
    app.register(controlRoutes, { control: deps.control });
    app.register(streamRoutes, { control: deps.control, logger, ...(deps.streamMaxBufferedBytes !== undefined ? { maxBufferedBytes: deps.streamMaxBufferedBytes } : {}) });
  }
  if (deps.dashboardDir !== undefined && existsSync(deps.dashboardDir)) {
    app.register(fastifyStatic, { root: deps.dashboardDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  return {
    app,
    async prepare() {
      await app.ready();
    },
    async start() {
      await app.listen({ host, port });
      const address = app.server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      logger.info({ host: address.address, port: address.port }, `HTTP API listening on http://${shownHost}:${address.port}`);
      return { url: `http://${shownHost}:${address.port}`, port: address.port };
    },
    async close() {
      await app.close();
    },
  };
}
