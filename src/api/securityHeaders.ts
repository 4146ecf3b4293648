import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The content security policy of every answer: pages (the dashboard) may load only their own scripts, styles
 * and images and talk only to this origin (fetch and the WebSocket); nothing may frame them but this origin
 * (the dashboard shows a backtest report in a frame). A route that serves a different page sets its own.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  // The node serves plain HTTP on loopback by default; upgrading would break it.
  upgradeInsecureRequests: null,
} as const;

/**
 * Security headers on every answer, errors and 404s included, by helmet. Its middleware is built once here:
 * @fastify/helmet builds a new one for every request (parsing the policy again each time), which a CPU profile of
 * `GET /positions` at 500 requests/s showed as the largest cost of a request after the socket write, and as
 * garbage that made young-generation collections (the p99) more frequent. JSON answers are never cached.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  const applyHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY } },
    crossOriginEmbedderPolicy: false,
    // The HSTS header belongs to whatever terminates TLS in front of the node, not to plain HTTP on loopback.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error) => done(error instanceof Error ? error : undefined));
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
