import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../auth/roles.js';
import type { NodeControl } from '../control.js';
import { authErrorResponses } from '../errorSchema.js';
import { accountSchema, equityCurveSchema, portfolioSummarySchema, positionListSchema, positionsQuerySchema } from './schemasPortfolio.js';

const TAGS = ['portfolio'];

/**
 * Account, positions (net, or every strategy's book, marked at the last price), the portfolio summary and the
 * equity curve. All answered from the portfolio's memory, never from the log: `GET /positions` is on the
 * dashboard's hot path. Money is in integer minor units; `minorDigits` says how to show it.
 */
export const portfolioRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const portfolio = control.portfolio;

  app.get(
    '/account',
    { preValidation: requireRole('viewer'), schema: { summary: 'Cash, realized P&L, commissions and equity of the account', tags: TAGS, response: { 200: accountSchema, ...authErrorResponses } } },
    async () => portfolio.account(),
  );

  app.get(
    '/positions',
    {
      preValidation: requireRole('viewer'),
      schema: { summary: 'Positions with unrealized P&L at the last price (net by default)', tags: TAGS, querystring: positionsQuerySchema, response: { 200: positionListSchema, ...authErrorResponses } },
    },
    async (request) => ({ positions: portfolio.positions(request.query.books === 'true') }),
  );

  app.get(
    '/portfolio/summary',
    { preValidation: requireRole('viewer'), schema: { summary: 'Equity, P&L today and total, realized/unrealized, gross/net exposure', tags: TAGS, response: { 200: portfolioSummarySchema, ...authErrorResponses } } },
    async () => portfolio.summary(),
  );

  app.get(
    '/portfolio/equity',
    { preValidation: requireRole('viewer'), schema: { summary: 'Equity curve samples, oldest first', tags: TAGS, response: { 200: equityCurveSchema, ...authErrorResponses } } },
    async () => ({ points: portfolio.equityCurve() }),
  );
};
