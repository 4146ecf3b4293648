/**
 * The HTTP API: a fastify server with one plugin per resource (health, metrics, webhook signals so far),
 * JSON schemas on every route, stable error codes and security headers. It imports core and libraries only;
 * the app injects what each route serves.
 */
export { createHttpServer, DEFAULT_API_RATE_LIMIT, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from './createHttpServer.js';
export type { HttpServer, HttpServerDeps } from './createHttpServer.js';
export { API_ERROR_CODES, API_ERROR_STATUS, ApiError } from './apiErrors.js';
export type { ApiErrorBody, ApiErrorCode, ApiErrorOptions, FieldProblem } from './apiErrors.js';
export { HEALTH_STATES, healthReport } from './health.js';
export type { ComponentHealth, HealthReport, HealthState } from './health.js';
export { CONTENT_SECURITY_POLICY } from './securityHeaders.js';
export { DOCS_PATH } from './openApi.js';
export * from './control.js';
export * from './auth/index.js';
export { TokenBucket } from './TokenBucket.js';
export type { RateLimit } from './TokenBucket.js';
export { DEFAULT_WEBHOOK_RATE_LIMIT, WEBHOOK_PATH } from './webhookRoutes.js';
export type { WebhookOutcome, WebhookParse, WebhookRoutesOptions } from './webhookRoutes.js';
