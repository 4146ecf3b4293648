import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../apiErrors.js';
import { actorOf, requireRole, roleAtLeast } from '../auth/roles.js';
import type { NodeControl } from '../control.js';
import { authErrorResponses, errorResponseSchema } from '../errorSchema.js';
import {
  killSwitchBodySchema, optionalReasonBodySchema, riskRulesSchema, riskStatusSchema, tradingStateBodySchema, tradingStateInfoSchema,
} from './schemasRisk.js';

const TAGS = ['risk'];
const commandErrors = { ...authErrorResponses, 503: errorResponseSchema };

/**
 * Risk: status (trading state, rules against their limits, recent rejections), rules, trading state and the
 * commands that move it. REDUCING and HALTED need a trader; back to ACTIVE needs an admin. The kill switch
 * is HALTED plus a cancel of every open order. `/risk/activate` and `/risk/deactivate` are the seed's names for
 * ACTIVE and HALTED: deactivating risk never lets orders through unchecked, it halts trading.
 */
export const riskRoutes: FastifyPluginAsyncZod<{ readonly control: NodeControl }> = async (app, { control }) => {
  const risk = control.risk;

  app.get(
    '/risk/status',
    { preValidation: requireRole('viewer'), schema: { summary: 'Trading state, each rule against its limit, recent rejections with reasons', tags: TAGS, response: { 200: riskStatusSchema, ...authErrorResponses } } },
    async () => risk.status(),
  );

  app.get(
    '/risk/rules',
    { preValidation: requireRole('viewer'), schema: { summary: 'The configured rules with their limits and current values', tags: TAGS, response: { 200: riskRulesSchema, ...authErrorResponses } } },
    async () => ({ rules: risk.status().rules }),
  );

  app.get(
    '/risk/state',
    { preValidation: requireRole('viewer'), schema: { summary: 'The trading state: who set it, why, since when', tags: TAGS, response: { 200: tradingStateInfoSchema, ...authErrorResponses } } },
    async () => risk.status().tradingState,
  );

  app.post(
    '/risk/state',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Set the trading state: REDUCING or HALTED (trader), ACTIVE (admin)',
        tags: TAGS,
        body: tradingStateBodySchema,
        response: { 200: tradingStateInfoSchema, ...commandErrors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { state, reason } = request.body;
      if (state === 'ACTIVE' && !roleAtLeast(actor.role, 'admin')) {
        throw new ApiError('FORBIDDEN', `${actor.username} has role ${actor.role}; setting trading ACTIVE needs admin`, { field: 'state' });
      }
      return risk.setTradingState(state, reason, actor);
    },
  );

  app.post(
    '/risk/kill-switch',
    {
      preValidation: requireRole('trader'),
      schema: { summary: 'Kill switch: HALTED at once and every open order canceled (trader)', tags: TAGS, body: killSwitchBodySchema, response: { 200: tradingStateInfoSchema, ...commandErrors } },
    },
    async (request) => risk.killSwitch(request.body.reason, actorOf(request)),
  );

  app.post(
    '/risk/activate',
    {
      preValidation: requireRole('admin'),
      schema: { summary: 'Trading ACTIVE again (admin; same as POST /risk/state ACTIVE)', tags: TAGS, body: optionalReasonBodySchema, response: { 200: tradingStateInfoSchema, ...commandErrors } },
    },
    async (request) => risk.setTradingState('ACTIVE', request.body?.reason ?? 'risk activated', actorOf(request)),
  );

  app.post(
    '/risk/deactivate',
    {
      preValidation: requireRole('trader'),
      schema: {
        summary: 'Deactivate risk = HALTED: nothing trades, nothing passes unchecked (trader)',
        tags: TAGS,
        body: optionalReasonBodySchema,
        response: { 200: tradingStateInfoSchema, ...commandErrors },
      },
    },
    async (request) => risk.setTradingState('HALTED', request.body?.reason ?? 'risk deactivated', actorOf(request)),
  );
};
