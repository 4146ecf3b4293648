import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../auth/roles.js';
import type { NodeControl } from '../control.js';
import { authErrorResponses } from '../errorSchema.js';
import { nodeStatusSchema } from './schemasStatus.js';

/** `GET /status` (viewer): the node and each component's health, answered from memory. */
export const statusRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  app.get(
    '/status',
    {
      preValidation: requireRole('viewer'),
      schema: {
        summary: 'The node and its components: feed, event log, trading state, broker session, signal intake, strategies',
        tags: ['system'],
        response: { 200: nodeStatusSchema, ...authErrorResponses },
      },
    },
    async () => control.status(),
  );
};
