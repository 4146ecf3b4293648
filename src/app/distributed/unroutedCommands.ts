import type { FastifyInstance } from 'fastify';
import { SINGLE_PROCESS_ONLY } from './FoldedCatalog.js';

/**
 * The commands the api service of a deployment cannot route to the service that owns them yet: strategy
 * changes (the strategy services own the catalog) and market simulation (the feed is the market-data
 * service's). Each answers 501 NOT_IN_DISTRIBUTED_MODE after authentication and the role check, never a silent
 * success. The README's distributed section lists the same routes.
 */
export const UNROUTED_COMMANDS: readonly string[] = [
  'POST /strategies',
  'POST /strategies/:strategyId/activate',
  'POST /strategies/:strategyId/deactivate',
  'PATCH /strategies/:strategyId/params',
  'POST /market/simulate',
];

export function refuseUnrouted(app: FastifyInstance): void {
  const unrouted = new Set(UNROUTED_COMMANDS);
  app.addHook('preHandler', async (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (!unrouted.has(route)) return;
    await reply.code(501).send({ error: { code: 'NOT_IN_DISTRIBUTED_MODE', message: `${route} ${SINGLE_PROCESS_ONLY}` } });
  });
}
