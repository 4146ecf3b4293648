import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../apiErrors.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { newUserBodySchema, userChangeBodySchema, userInfoSchema, usernameParamsSchema } from './authSchemas.js';
import { checkPasswordPolicy } from './passwords.js';
import { requireRole } from './roles.js';
import type { UserDirectory } from './UserDirectory.js';

export interface UserRoutesOptions {
  readonly directory: UserDirectory;
}

/** `/auth/users`: admins list, create and change users (role, disabled, a new password); the last active admin stays one. */
export const userRoutes: FastifyPluginAsyncZod<UserRoutesOptions> = async (app, { directory }) => {
  app.get(
    '/auth/users',
    {
      preValidation: requireRole('admin'),
      schema: { summary: 'Users and their roles', tags: ['auth'], response: { 200: z.array(userInfoSchema), ...authErrorResponses } },
    },
    async () => directory.users(),
  );

  app.post(
    '/auth/users',
    {
      preValidation: requireRole('admin'),
      schema: {
        summary: 'Create a user',
        tags: ['auth'],
        body: newUserBodySchema,
        response: { 201: userInfoSchema, 409: errorResponseSchema, ...authErrorResponses },
      },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      return reply.code(201).send(await directory.addUser(username, password, role));
    },
  );

  app.patch(
    '/auth/users/:username',
    {
      preValidation: requireRole('admin'),
      schema: {
        summary: 'Change a user: role, disabled, password',
        tags: ['auth'],
        params: usernameParamsSchema,
        body: userChangeBodySchema,
        response: { 200: userInfoSchema, 404: errorResponseSchema, 409: errorResponseSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const { username } = request.params;
      const { role, disabled, password } = request.body;
      if (role === undefined && disabled === undefined && password === undefined) {
        throw new ApiError('VALIDATION_FAILED', 'nothing to change: give role, disabled or password', { field: 'body' });
      }
      if (password !== undefined) checkPasswordPolicy(password);
      if (role !== undefined) directory.setRole(username, role);
      if (disabled !== undefined) directory.setDisabled(username, disabled);
      if (password !== undefined) await directory.setPassword(username, password);
      const user = directory.user(username);
      if (user === undefined) throw new ApiError('NOT_FOUND', `no user ${username}`, { field: 'username' });
      return user;
    },
  );
};
