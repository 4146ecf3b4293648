import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../apiErrors.js';
import type { Actor } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { apiKeyInfoSchema, apiKeyParamsSchema, apiKeyQuerySchema, newApiKeyBodySchema, newApiKeyResponseSchema } from './authSchemas.js';
import { actorOf, requireRole } from './roles.js';
import type { UserDirectory } from './UserDirectory.js';

export interface ApiKeyRoutesOptions {
  readonly directory: UserDirectory;
}

/**
 * `/auth/api-keys`: long-lived keys for scripts. A trader lists, creates and revokes their own; an admin sees
 * and revokes everyone's. A key is created from a login session only (a leaked key cannot mint more), and the
 * key itself is answered once; only its hash is kept.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod<ApiKeyRoutesOptions> = async (app, { directory }) => {
  app.get(
    '/auth/api-keys',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'API keys: mine (trader) or everyone’s (admin)',
        tags: ['auth'],
        querystring: apiKeyQuerySchema,
        response: { 200: z.array(apiKeyInfoSchema), ...authErrorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const owner = request.query.owner;
      if (actor.role === 'admin') return directory.apiKeys(owner);
      if (owner !== undefined && owner !== actor.username) throw new ApiError('FORBIDDEN', `only an admin sees ${owner}'s API keys`, { field: 'querystring.owner' });
      return directory.apiKeys(actor.username);
    },
  );

  app.post(
    '/auth/api-keys',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Create an API key (shown once)',
        tags: ['auth'],
        body: newApiKeyBodySchema,
        response: { 201: newApiKeyResponseSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.via !== 'token') throw new ApiError('FORBIDDEN', 'API keys are created from a login session, not with another API key');
      const created = directory.createApiKey(actor.username, request.body.name, request.body.role ?? actor.role);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/auth/api-keys/:id',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Revoke an API key (mine, or any as admin)',
        tags: ['auth'],
        params: apiKeyParamsSchema,
        response: { 200: apiKeyInfoSchema, 404: errorResponseSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      if (!mayManage(actor, directory.apiKey(id)?.owner)) throw new ApiError('NOT_FOUND', `no API key ${id} of yours`, { field: 'id' });
      return directory.revokeApiKey(id);
    },
  );
};

/** Admins manage every key, others their own; someone else's key is reported as not found (its id reveals nothing). */
function mayManage(actor: Actor, owner: string | undefined): boolean {
  return owner !== undefined && (actor.role === 'admin' || owner === actor.username);
}
