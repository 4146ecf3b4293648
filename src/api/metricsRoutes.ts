import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Registry } from 'prom-client';
import { errorResponseSchema } from './errorSchema.js';

export interface MetricsRoutesOptions {
  /** The node's prom-client registry (default process metrics and the node's own). */
  readonly registry: Pick<Registry, 'contentType' | 'metrics'>;
}

/** `GET /metrics`: the Prometheus text exposition, with the registry's content type. */
export const metricsRoutes: FastifyPluginAsyncZod<MetricsRoutesOptions> = async (app, options) => {
  const { registry } = options;
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics (text exposition format)',
        tags: ['system'],
        response: { 200: z.string().describe('Prometheus text format'), 500: errorResponseSchema },
      },
    },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
};
