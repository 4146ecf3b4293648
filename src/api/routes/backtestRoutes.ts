import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../apiErrors.js';
import { actorOf, requireRole } from '../auth/roles.js';
import type { BacktestJob, BacktestRequest, NodeControl } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import {
  backtestIdParamsSchema, backtestJobSchema, backtestListSchema, backtestReportSchema, backtestRequestSchema, backtestResultSchema,
} from './schemasBacktest.js';

const TAGS = ['backtests'];
const byIdErrors = { ...authErrorResponses, 404: errorResponseSchema };
const outputErrors = { ...byIdErrors, 409: errorResponseSchema };

/**
 * The report is a self-contained page: the chart library, its script and its style are inline, and it
 * loads nothing. Its policy allows exactly that, and framing by the dashboard (same origin).
 */
export const REPORT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * Backtests: start one (trader; checked up front, 400 naming the field), list, follow one's progress,
 * fetch its result.json and its report.html once done (409 before). Jobs run off the node's event loop.
 */
export const backtestRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const backtests = control.backtests;

  app.post(
    '/backtests',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Start a backtest (trader): queued, then run on its own thread',
        tags: TAGS,
        body: backtestRequestSchema,
        response: { 202: backtestJobSchema, ...authErrorResponses, 503: errorResponseSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const spec: BacktestRequest = {
        strategy: body.strategy,
        instruments: body.instruments,
        ...(body.params !== undefined ? { params: body.params } : {}),
        ...(body.timeframe !== undefined ? { timeframe: body.timeframe } : {}),
        ...(body.from !== undefined ? { from: body.from } : {}),
        ...(body.to !== undefined ? { to: body.to } : {}),
        ...(body.startingCash !== undefined ? { startingCash: body.startingCash } : {}),
      };
      return reply.code(202).send(backtests.start(spec, actorOf(request)));
    },
  );

  app.get(
    '/backtests',
    { preValidation: requireRole('viewer'), schema: { summary: 'Backtest jobs, newest first', tags: TAGS, response: { 200: backtestListSchema, ...authErrorResponses } } },
    async () => ({ jobs: backtests.list() }),
  );

  app.get(
    '/backtests/:id',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: "One job: state and progress (0..1), and its headline figures once done", tags: TAGS, params: backtestIdParamsSchema, response: { 200: backtestJobSchema, ...byIdErrors } },
    },
    async (request) => known(backtests.get(request.params.id), request.params.id),
  );

  app.get(
    '/backtests/:id/result',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: "A finished job's result.json", tags: TAGS, params: backtestIdParamsSchema, response: { 200: backtestResultSchema, ...outputErrors } },
    },
    async (request) => (await backtests.result(request.params.id)) as Record<string, unknown>,
  );

  app.get(
    '/backtests/:id/report',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: "A finished job's report.html (text/html)", tags: TAGS, params: backtestIdParamsSchema, response: { 200: backtestReportSchema, ...outputErrors } },
    },
    async (request, reply) => {
      const html = await backtests.report(request.params.id);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CONTENT_SECURITY_POLICY).send(html);
    },
  );
};

function known(job: BacktestJob | undefined, id: string): BacktestJob {
  if (job === undefined) throw new ApiError('NOT_FOUND', `no backtest "${id}"`, { field: 'id' });
  return job;
}
