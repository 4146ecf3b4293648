import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../apiErrors.js';
import { requireRole } from '../auth/roles.js';
import type { EventLogQuery, NodeControl } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { correlationIdParamsSchema, eventPageSchema, eventQuerySchema, storySchema } from './schemasEvent.js';
import { parseTimeMs } from './schemasExecution.js';

const TAGS = ['events'];

/**
 * The event log: a query by type, key, correlation id, time and position (paging forward with
 * `afterSeq`), and one trade's whole story by its correlation id. Viewer and above.
 */
export const eventRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const events = control.events;

  app.get(
    '/events',
    {
      preValidation: requireRole('viewer'),
      schema: {
        summary: 'Query the event log by type, key, correlation id, time and position',
        tags: TAGS,
        querystring: eventQuerySchema,
        response: { 200: eventPageSchema, ...authErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const query: EventLogQuery = {
        limit: q.limit,
        ...(q.type !== undefined ? { types: q.type } : {}),
        ...(q.correlationId !== undefined ? { correlationId: q.correlationId } : {}),
        ...(q.key !== undefined ? { key: q.key } : {}),
        ...(q.from !== undefined ? { fromTs: parseTimeMs(q.from) } : {}),
        ...(q.to !== undefined ? { toTs: parseTimeMs(q.to) } : {}),
        ...(q.afterSeq !== undefined ? { afterSeq: q.afterSeq } : {}),
        ...(q.beforeSeq !== undefined ? { beforeSeq: q.beforeSeq } : {}),
        order: q.order,
      };
      if (query.fromTs !== undefined && query.toTs !== undefined && query.fromTs > query.toTs) {
        throw new ApiError('VALIDATION_FAILED', 'querystring.from must not be after querystring.to', { field: 'querystring.from' });
      }
      const page = await events.query(query);
      const last = page[page.length - 1];
      const more = page.length === q.limit && last !== undefined;
      return { events: page, nextAfterSeq: more && q.order === 'asc' ? last.seq : null, nextBeforeSeq: more && q.order === 'desc' ? last.seq : null };
    },
  );

  app.get(
    '/events/story/:correlationId',
    {
      preValidation: requireRole('viewer'),
      schema: {
        summary: "One trade's whole story: every event of its correlation id, in log order",
        tags: TAGS,
        params: correlationIdParamsSchema,
        response: { 200: storySchema, ...authErrorResponses, 404: errorResponseSchema },
      },
    },
    async (request) => {
      const { correlationId } = request.params;
      const story = await events.story(correlationId);
      if (story.length === 0) throw new ApiError('NOT_FOUND', `no events with correlation id "${correlationId}"`, { field: 'correlationId' });
      return { correlationId, events: story };
    },
  );
};
