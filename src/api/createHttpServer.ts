import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../core/index.js';
import { addRequestLogging, requestIdOf } from './requestLogging.js';
import { ApiError } from './apiErrors.js';
import { healthRoutes, type HealthRoutesOptions } from './healthRoutes.js';
import { metricsRoutes, type MetricsRoutesOptions } from './metricsRoutes.js';
import { parseJsonText } from './parseJsonText.js';
import { addSecurityHeaders } from './securityHeaders.js';
import { toApiError } from './toApiError.js';
import { webhookRoutes, type WebhookParse, type WebhookRoutesOptions } from './webhookRoutes.js';

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8000;
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;

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
}

export interface HttpServer {
  /** The fastify instance: more resource plugins register here before `start` (and tests may `inject`). */
  readonly app: FastifyInstance;
  /** Listen; resolves with the address actually bound (the port is real even when 0 was asked). */
  start(): Promise<{ readonly url: string; readonly port: number }>;
  /** Stop accepting, let requests in flight finish, close idle connections. */
  close(): Promise<void>;
}

/**
 * The node's HTTP surface: one fastify plugin per resource, each with JSON schemas for what it takes and
 * answers; errors as `{ error: { code, message, field? } }` with the codes of apiErrors.ts; security
 * headers on every answer; one log line per request through the core Logger (fastify's own logger is off).
 * It receives everything it serves; it knows no engine, adapter or the app.
 */
export function createHttpServer<P extends WebhookParse>(deps: HttpServerDeps<P>): HttpServer {
  const host = deps.host ?? DEFAULT_HTTP_HOST;
  const port = deps.port ?? DEFAULT_HTTP_PORT;
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const logger = deps.logger.child({ component: 'api' });
  const app = Fastify({
    logger: false,
    bodyLimit: bodyLimitBytes,
    requestTimeout: deps.requestTimeoutMs ?? 10_000,
    genReqId: requestIdOf,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  // Our JSON parser names the problem (fastify's says only "not valid JSON").
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonText(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  addSecurityHeaders(app);
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

  app.register(healthRoutes, { health: deps.health });
  if (deps.metrics !== undefined) app.register(metricsRoutes, { registry: deps.metrics });
  if (deps.webhook !== undefined) app.register(webhookRoutes, deps.webhook);

  return {
    app,
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
