import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { errorResponseSchema } from './errorSchema.js';

export interface MetricsRoutesOptions {
  /** The node's prom-client registry (default process metrics and the node's own). */
  readonly registry: Pick<Registry, 'contentType' | 'metrics'>;
}

/** `GET /metrics`: the Prometheus text exposition, with the registry's content type. */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, options) => {
  const { registry } = options;
  app.get(
    '/metrics',
    {
      schema: {
        response: { 200: { type: 'string', description: 'Prometheus text format' }, 500: errorResponseSchema },
      },
    },
    async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
};
