import type { FastifyInstance } from 'fastify';

/**
 * Headers every answer carries. The API serves JSON (and Prometheus text), never a page, so its content
 * security policy allows nothing; the dashboard's routes will set their own policy, which this hook keeps.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
} as const;

const ENTRIES = Object.entries(SECURITY_HEADERS);

/** An onSend hook on the root instance (not a plugin, so it is not encapsulated): errors and 404s get the headers too. */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of ENTRIES) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
