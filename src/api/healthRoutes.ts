import type { FastifyPluginAsync } from 'fastify';
import { errorResponseSchema } from './errorSchema.js';
import { HEALTH_STATES, healthReport, type ComponentHealth, type HealthReport } from './health.js';

export interface HealthRoutesOptions {
  /** The components' health now; the app asks each component (feed, store, risk, signal watcher). */
  readonly health: () => readonly ComponentHealth[] | Promise<readonly ComponentHealth[]>;
}

const healthReportSchema = {
  type: 'object',
  required: ['status', 'components'],
  properties: {
    status: { type: 'string', enum: HEALTH_STATES },
    components: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'state'],
        properties: { name: { type: 'string' }, state: { type: 'string', enum: HEALTH_STATES }, detail: { type: 'string' } },
      },
    },
  },
} as const;

/** `GET /health`, without authentication: 200 while the node serves (ok or degraded), 503 when it is down. */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, options) => {
  app.get<{ Reply: HealthReport }>(
    '/health',
    {
      schema: {
        response: { 200: healthReportSchema, 503: healthReportSchema, 500: errorResponseSchema },
      },
    },
    async (_request, reply) => {
      const report = healthReport(await options.health());
      return reply.code(report.status === 'down' ? 503 : 200).send(report);
    },
  );
};
