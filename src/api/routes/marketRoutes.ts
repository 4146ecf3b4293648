import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../auth/roles.js';
import type { NodeControl } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import { lastPricesSchema, simulateAcceptedSchema, simulateBodySchema } from './schemasMarket.js';

const TAGS = ['market'];

/**
 * Market data: the last prices (viewer), and a tick or bar injected into a paper node (trader), through
 * the same door as the feed's data. Off the tick grid → 400 naming the field; unknown instrument → 404
 * naming `instrumentId`; a live node → 503.
 */
export const marketRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const market = control.market;

  app.get(
    '/market/prices',
    { preValidation: requireRole('viewer'), schema: { summary: 'Last price of each instrument', tags: TAGS, response: { 200: lastPricesSchema, ...authErrorResponses } } },
    async () => ({ prices: market.lastPrices() }),
  );

  app.post(
    '/market/simulate',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Inject a tick or a bar at the node clock’s now (paper mode only; trader)',
        tags: TAGS,
        body: simulateBodySchema,
        response: { 202: simulateAcceptedSchema, ...authErrorResponses, 404: errorResponseSchema, 503: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const actor = actorOf(request);
      if (body.kind === 'tick') {
        market.simulateTick({ instrumentId: body.instrumentId, price: body.price, ...(body.size !== undefined ? { size: body.size } : {}) }, actor);
      } else {
        market.simulateBar(
          {
            instrumentId: body.instrumentId,
            open: body.open,
            high: body.high,
            low: body.low,
            close: body.close,
            ...(body.volume !== undefined ? { volume: body.volume } : {}),
            ...(body.timeframe !== undefined ? { timeframe: body.timeframe } : {}),
          },
          actor,
        );
      }
      return reply.code(202).send({ accepted: true as const, kind: body.kind, instrumentId: body.instrumentId });
    },
  );
};
