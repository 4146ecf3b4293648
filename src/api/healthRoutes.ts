import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from './errorSchema.js';
import { HEALTH_STATES, healthReport, type ComponentHealth } from './health.js';

export interface HealthRoutesOptions {
  /** The components' health now; the app asks each component (feed, store, risk, signal watcher). */
  readonly health: () => readonly ComponentHealth[] | Promise<readonly ComponentHealth[]>;
}

const healthState = z.enum(HEALTH_STATES);
export const healthReportSchema = z.object({
  status: healthState,
  components: z.array(z.object({ name: z.string(), state: healthState, detail: z.string().optional() })).readonly(),
});

/** `GET /health`, without authentication: 200 while the node serves (ok or degraded), 503 when it is down. */
export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, options) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Is the node serving? (no authentication)',
        tags: ['system'],
        response: { 200: healthReportSchema, 503: healthReportSchema, 500: errorResponseSchema },
      },
    },
    async (_request, reply) => {
      const report = healthReport(await options.health());
      return reply.code(report.status === 'down' ? 503 : 200).send(report);
    },
  );
};
