import { z } from 'zod';
import { TIMEFRAMES } from '../../core/index.js';

/** A parameter value as an API body writes it; the strategy's own schema coerces and checks it. */
export const paramValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export const paramsSchema = z.record(z.string().min(1).max(64), paramValueSchema);

export const strategyIdParamsSchema = z.object({
  strategyId: z.string().min(1).max(64).describe('the id the strategy was registered under'),
});

/** StrategyInfo of control.ts. */
export const strategyInfoSchema = z.object({
  strategyId: z.string(),
  strategy: z.string().describe('the built-in (or plug-in) strategy it runs'),
  instruments: z.array(z.string()).readonly(),
  timeframe: z.string(),
  params: paramsSchema,
  active: z.boolean(),
  running: z.boolean().describe('an instance is receiving market data now'),
  problem: z.string().optional().describe('why it could not be started, when it could not'),
  exchange: z.string().optional(),
});

export const strategyListSchema = z.object({ strategies: z.array(strategyInfoSchema).readonly() });

export const strategyKindsSchema = z.object({
  kinds: z.array(z.object({ name: z.string(), description: z.string(), params: paramsSchema.describe('parameter names and their defaults') })).readonly(),
});

/** StrategyRegistration of control.ts: what `POST /strategies` takes. */
export const strategyRegistrationSchema = z
  .object({
    strategyId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    strategy: z.string().min(1).max(64).describe('a name from GET /strategies/kinds'),
    instruments: z.array(z.string().min(1).max(64)).min(1).max(100),
    timeframe: z.enum(TIMEFRAMES).optional(),
    params: paramsSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const strategyParamsBodySchema = z
  .object({ params: paramsSchema.describe('the parameters to change; the others keep their values') })
  .strict();
