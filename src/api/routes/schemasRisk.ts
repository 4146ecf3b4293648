import { z } from 'zod';

export const tradingStateNameSchema = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);

/** TradingStateInfo of control.ts. */
export const tradingStateInfoSchema = z.object({
  state: tradingStateNameSchema,
  by: z.string().describe('who set it: a user, a rule that tripped, the kill switch, startup'),
  reason: z.string(),
  since: z.string().describe('ISO time it was set'),
});

/** RiskRuleInfo of control.ts. */
export const riskRuleInfoSchema = z.object({
  rule: z.string().describe('the name rejections carry (max-daily-loss, order-rate-limit…)'),
  enabled: z.boolean(),
  limits: z.record(z.string(), z.unknown()).describe('the configured settings, as in risk_rules.yaml'),
  current: z.number().optional().describe('the measured value against the main limit, where the rule measures one'),
  limit: z.number().optional(),
  usedPct: z.number().optional().describe('current / limit in percent'),
});

export const riskRejectionInfoSchema = z.object({
  ts: z.string(),
  rule: z.string(),
  reason: z.string(),
  instrumentId: z.string(),
  strategyId: z.string(),
  correlationId: z.string().describe("the trade's story: GET /events/story/:correlationId"),
});

/** RiskStatus of control.ts. */
export const riskStatusSchema = z.object({
  tradingState: tradingStateInfoSchema,
  rules: z.array(riskRuleInfoSchema).readonly(),
  recentRejections: z.array(riskRejectionInfoSchema).readonly().describe('newest first, at most 50'),
  rejectionsByRule: z.record(z.string(), z.number()),
});

export const riskRulesSchema = z.object({ rules: z.array(riskRuleInfoSchema).readonly() });

const reasonSchema = z.string().trim().min(1).max(500);

export const tradingStateBodySchema = z
  .object({ state: tradingStateNameSchema, reason: reasonSchema.describe('why; recorded on TradingStateChanged') })
  .strict();

export const killSwitchBodySchema = z.object({ reason: reasonSchema }).strict();

/** `POST /risk/activate` and `/risk/deactivate` take an optional reason (or no body at all). */
export const optionalReasonBodySchema = z.object({ reason: reasonSchema.optional() }).strict().nullish();
