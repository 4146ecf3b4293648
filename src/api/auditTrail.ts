import type { FastifyInstance } from 'fastify';
import type { EventControl } from './control.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Bodies here carry passwords or keys: the audit names the call, never its body. */
const SECRET_BODIES = /^\/auth\//;
const MAX_DETAIL_CHARS = 2_000;

/**
 * Every state-changing call by an authenticated caller becomes a `UserActionRecorded` event: who (user, role,
 * token or which API key), what (method and route), on what (its path parameters), the outcome (status) and
 * the request body when it is small and holds no secret. Refused calls (403, 404, 409) are recorded too.
 * Login attempts are audited by the login route itself (they have no caller yet).
 */
export function addAuditTrail(app: FastifyInstance, events: Pick<EventControl, 'audit'>): void {
  app.addHook('onResponse', (request, reply, done) => {
    const actor = request.actor;
    const route = request.routeOptions.url;
    if (actor !== undefined && route !== undefined && STATE_CHANGING.has(request.method)) {
      const params = (request.params ?? {}) as Record<string, unknown>;
      const body = request.body;
      const bodyText = body !== undefined && body !== null && typeof body === 'object' && !SECRET_BODIES.test(route) ? JSON.stringify(body) : undefined;
      events.audit({
        username: actor.username,
        role: actor.role,
        via: actor.via,
        action: `${request.method} ${route}`,
        target: Object.values(params).map(String).join('/'),
        outcome: reply.statusCode,
        ...(bodyText !== undefined && bodyText.length <= MAX_DETAIL_CHARS ? { details: { body: JSON.parse(bodyText) as unknown } } : {}),
      });
    }
    done();
  });
}
