import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../apiErrors.js';
import { actorOf, requireRole } from '../auth/roles.js';
import type { NodeControl, StrategyInfo } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import {
  strategyIdParamsSchema, strategyInfoSchema, strategyKindsSchema, strategyListSchema, strategyParamsBodySchema, strategyRegistrationSchema,
} from './schemasStrategy.js';

const TAGS = ['strategies'];
const commandErrors = { ...authErrorResponses, 404: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema };

/**
 * Strategies: list, kinds, one, register (admin), activate / deactivate / change parameters (trader). Every
 * command becomes a Strategy* event naming the caller. Unknown ids answer 404 naming the id; parameters the
 * strategy's own schema refuses answer 400 naming the parameter (`params.fast`).
 */
export const strategyRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const strategies = control.strategies;

  app.get(
    '/strategies',
    { preValidation: requireRole('viewer'), schema: { summary: 'Registered strategies with state and parameters', tags: TAGS, response: { 200: strategyListSchema, ...authErrorResponses } } },
    async () => ({ strategies: strategies.list() }),
  );

  app.get(
    '/strategies/kinds',
    { preValidation: requireRole('viewer'), schema: { summary: 'Strategies that can be registered, with their parameters and defaults', tags: TAGS, response: { 200: strategyKindsSchema, ...authErrorResponses } } },
    async () => ({ kinds: strategies.kinds() }),
  );

  app.get(
    '/strategies/:strategyId',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: 'One strategy', tags: TAGS, params: strategyIdParamsSchema, response: { 200: strategyInfoSchema, ...authErrorResponses, 404: errorResponseSchema } },
    },
    async (request) => known(strategies.get(request.params.strategyId), request.params.strategyId),
  );

  app.post(
    '/strategies',
    {
      preValidation: requireRole('admin'),
      schema: { summary: 'Register a strategy instance (admin)', tags: TAGS, body: strategyRegistrationSchema, response: { 201: strategyInfoSchema, ...commandErrors } },
    },
    async (request, reply) => {
      const body = request.body;
      const spec = {
        strategyId: body.strategyId,
        strategy: body.strategy,
        instruments: body.instruments,
        ...(body.timeframe !== undefined ? { timeframe: body.timeframe } : {}),
        ...(body.params !== undefined ? { params: body.params } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      };
      return reply.code(201).send(strategies.register(spec, actorOf(request)));
    },
  );

  app.post(
    '/strategies/:strategyId/activate',
    {
      preValidation: requireRole('trader'),
      schema: { summary: 'Activate a strategy: it receives market data and its signals are taken (trader)', tags: TAGS, params: strategyIdParamsSchema, response: { 200: strategyInfoSchema, ...commandErrors } },
    },
    async (request) => strategies.activate(request.params.strategyId, actorOf(request)),
  );

  app.post(
    '/strategies/:strategyId/deactivate',
    {
      preValidation: requireRole('trader'),
      schema: { summary: 'Deactivate a strategy: no market data, its signals are refused (trader)', tags: TAGS, params: strategyIdParamsSchema, response: { 200: strategyInfoSchema, ...commandErrors } },
    },
    async (request) => strategies.deactivate(request.params.strategyId, actorOf(request)),
  );

  app.patch(
    '/strategies/:strategyId/params',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Change some parameters; the instance is rebuilt, its indicators restart (trader)',
        tags: TAGS,
        params: strategyIdParamsSchema,
        body: strategyParamsBodySchema,
        response: { 200: strategyInfoSchema, ...commandErrors },
      },
    },
    async (request) => strategies.setParams(request.params.strategyId, request.body.params, actorOf(request)),
  );
};

function known(info: StrategyInfo | undefined, strategyId: string): StrategyInfo {
  if (info === undefined) throw new ApiError('NOT_FOUND', `unknown strategy id "${strategyId}"`, { field: 'strategyId' });
  return info;
}
