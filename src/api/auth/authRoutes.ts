import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../core/index.js';
import { ApiError } from '../apiErrors.js';
import type { AuditEntry } from '../control.js';
import { authErrorResponses, commonErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { apiKeyRoutes } from './apiKeyRoutes.js';
import { loginBodySchema, loginResponseSchema, meResponseSchema, passwordChangeBodySchema } from './authSchemas.js';
import { checkPasswordPolicy } from './passwords.js';
import { actorOf, requireRole } from './roles.js';
import { signToken } from './tokens.js';
import type { UserDirectory } from './UserDirectory.js';
import { userRoutes } from './userRoutes.js';

export interface AuthOptions {
  readonly directory: UserDirectory;
  /** Lifetime of a login token; default 15 minutes. */
  readonly tokenTtlSeconds?: number;
  /** Login attempts per caller address; default 10 a minute. */
  readonly loginRateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** Where login attempts are recorded (`control.events.audit`): who, from where, with what outcome. */
  readonly audit?: (entry: AuditEntry) => void;
  /** Time for token issue; default the wall clock. */
  readonly clock?: Clock;
}

export const DEFAULT_LOGIN_RATE_LIMIT = { max: 10, timeWindowMs: 60_000 } as const;
const WRONG_CREDENTIALS = 'wrong username or password';

/**
 * `/auth/*`: login (rate limited per address, every attempt audited), who am I, change my password (which
 * refuses every older token), sign out everywhere, and the
 * API key and user routes. Needs @fastify/rate-limit registered on the root (`global: false`) and the
 * authenticator hook (createAuthenticator) on the root.
 */
export const authRoutes: FastifyPluginAsyncZod<AuthOptions> = async (app, options) => {
  if (!app.hasDecorator('rateLimit')) throw new Error('authRoutes needs @fastify/rate-limit registered on the root first (global: false): login must be rate limited');
  const { directory } = options;
  const limit = options.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;
  const audit = (request: FastifyRequest, username: string, role: string, outcome: number): void => {
    options.audit?.({ username, role, via: 'password', action: 'login', target: username, outcome, details: { ip: request.ip } });
  };

  app.post(
    '/auth/login',
    {
      config: {
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          onExceeded: (request) => audit(request, usernameIn(request.body), '', 429),
          errorResponseBuilder: (request, context) =>
            new ApiError('RATE_LIMITED', `too many login attempts from ${request.ip}; retry in ${context.after}`, {
              headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
            }),
        },
      },
      schema: {
        summary: 'Log in: a short-lived token for Authorization: Bearer …',
        tags: ['auth'],
        body: loginBodySchema,
        response: { 200: loginResponseSchema, 401: errorResponseSchema, ...commonErrorResponses },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const user = await directory.verifyPassword(username, password);
      if (user === undefined || user.disabled) {
        audit(request, username, user?.role ?? '', 401);
        throw new ApiError('UNAUTHORIZED', user === undefined ? WRONG_CREDENTIALS : `account ${username} is disabled; ask an admin`);
      }
      const issued = await signToken(directory, user, {
        ...(options.tokenTtlSeconds !== undefined ? { ttlSeconds: options.tokenTtlSeconds } : {}),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
      });
      audit(request, username, user.role, 200);
      return { ...issued, user: { username: user.username, role: user.role } };
    },
  );

  app.get(
    '/auth/me',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: 'Who is calling (user, current role, token or API key)', tags: ['auth'], response: { 200: meResponseSchema, ...authErrorResponses } },
    },
    async (request) => actorOf(request),
  );

  app.post(
    '/auth/password',
    {
      preValidation: requireRole('viewer'),
      schema: {
        summary: 'Change my own password (needs the current one); every login token issued before is refused, so log in again',
        tags: ['auth'],
        body: passwordChangeBodySchema,
        response: { 204: z.null().describe('changed'), ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { currentPassword, newPassword } = request.body;
      checkPasswordPolicy(newPassword, 'newPassword');
      if ((await directory.verifyPassword(actor.username, currentPassword)) === undefined) {
        throw new ApiError('VALIDATION_FAILED', 'currentPassword is wrong', { field: 'currentPassword' });
      }
      await directory.setPassword(actor.username, newPassword);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout',
    {
      preValidation: requireRole('viewer'),
      schema: {
        summary: 'Sign out everywhere: every login token of mine is refused from now on (API keys stay valid)',
        tags: ['auth'],
        response: { 204: z.null().describe('signed out'), ...authErrorResponses },
      },
    },
    async (request, reply) => {
      directory.signOut(actorOf(request).username);
      return reply.code(204).send(null);
    },
  );

  await app.register(apiKeyRoutes, { directory });
  await app.register(userRoutes, { directory });
};

/** The username of a login body when it was read already (the rate limit may run before the body is parsed). */
function usernameIn(body: unknown): string {
  const username = typeof body === 'object' && body !== null ? (body as Readonly<Record<string, unknown>>)['username'] : undefined;
  return typeof username === 'string' ? username.slice(0, 64) : '';
}
