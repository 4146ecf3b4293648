import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { ApiError } from '../apiErrors.js';
import type { Actor, Role } from '../control.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook when the request carried a valid token or API key. */
    actor?: Actor;
  }
}

/** Each role may do what the roles before it may, and more. */
export const ROLES: readonly Role[] = ['viewer', 'trader', 'admin'];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The authenticated caller, or 401 naming what was missing. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === undefined) throw new ApiError('UNAUTHORIZED', 'authentication required: send Authorization: Bearer <token or API key>');
  return request.actor;
}

/**
 * A hook that lets the call through only for `needed` or a stronger role (401 without a caller, 403 with a
 * weaker one). Use it as `preValidation`, so a caller without the right learns nothing about the body's schema.
 */
export function requireRole(needed: Role): preValidationHookHandler {
  return (request, _reply, done) => {
    const actor = actorOf(request);
    if (!roleAtLeast(actor.role, needed)) {
      done(new ApiError('FORBIDDEN', `${actor.username} has role ${actor.role}; this call needs ${needed}`));
      return;
    }
    done();
  };
}
