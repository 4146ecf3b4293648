import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../apiErrors.js';
import { actorOf, requireRole } from '../auth/roles.js';
import type { NodeControl, OrderQuery } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import {
  cancelAllResultSchema, clientOrderIdParamsSchema, executionStatusSchema, orderHistoryQuerySchema, orderListSchema, orderPageSchema, orderSchema,
  parseTimeMs,
} from './schemasExecution.js';

const TAGS = ['execution'];

/**
 * Execution: status (broker, session, orders by state), open orders, one order, the order history (filters,
 * paging, newest first) and cancellation (trader), which goes through the execution engine like the kill
 * switch's: OrderCancelRequested naming the caller, the outcome arriving as events. Answered 202.
 */
export const executionRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const execution = control.execution;

  app.get(
    '/execution/status',
    { preValidation: requireRole('viewer'), schema: { summary: 'Broker, session, open orders, orders by state, orders awaiting reconciliation', tags: TAGS, response: { 200: executionStatusSchema, ...authErrorResponses } } },
    async () => execution.status(),
  );

  app.get(
    '/execution/orders',
    { preValidation: requireRole('viewer'), schema: { summary: 'Open orders (a sliced order appears once, as its parent)', tags: TAGS, response: { 200: orderListSchema, ...authErrorResponses } } },
    async () => ({ orders: execution.openOrders() }),
  );

  app.get(
    '/execution/orders/:clientOrderId',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: 'One order', tags: TAGS, params: clientOrderIdParamsSchema, response: { 200: orderSchema, ...authErrorResponses, 404: errorResponseSchema } },
    },
    async (request) => {
      const order = execution.order(request.params.clientOrderId);
      if (order === undefined) throw new ApiError('NOT_FOUND', `unknown order "${request.params.clientOrderId}"`, { field: 'clientOrderId' });
      return order;
    },
  );

  app.get(
    '/execution/history',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: 'Order history, newest first, with filters and paging', tags: TAGS, querystring: orderHistoryQuerySchema, response: { 200: orderPageSchema, ...authErrorResponses } },
    },
    async (request) => {
      const q = request.query;
      const query: OrderQuery = {
        page: q.page,
        pageSize: q.pageSize,
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(q.instrumentId !== undefined ? { instrumentId: q.instrumentId } : {}),
        ...(q.strategyId !== undefined ? { strategyId: q.strategyId } : {}),
        ...(q.from !== undefined ? { fromTs: parseTimeMs(q.from) } : {}),
        ...(q.to !== undefined ? { toTs: parseTimeMs(q.to) } : {}),
      };
      if (query.fromTs !== undefined && query.toTs !== undefined && query.fromTs > query.toTs) {
        throw new ApiError('VALIDATION_FAILED', 'querystring.from must not be after querystring.to', { field: 'querystring.from' });
      }
      return execution.history(query);
    },
  );

  app.post(
    '/execution/orders/:clientOrderId/cancel',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Ask the broker to cancel one open order (trader); the outcome arrives as events',
        tags: TAGS,
        params: clientOrderIdParamsSchema,
        response: { 202: orderSchema, ...authErrorResponses, 404: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema },
      },
    },
    async (request, reply) => reply.code(202).send(execution.cancel(request.params.clientOrderId, actorOf(request))),
  );

  app.post(
    '/execution/cancel-all',
    {
      preValidation: requireRole('trader'),
      schema: { summary: 'Ask the broker to cancel every open order (trader)', tags: TAGS, response: { 202: cancelAllResultSchema, ...authErrorResponses, 503: errorResponseSchema } },
    },
    async (request, reply) => reply.code(202).send(execution.cancelAll(actorOf(request))),
  );
};
