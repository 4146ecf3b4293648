import { minorDigitsOf } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import type { RuleContext } from '../RiskRule.js';
import { createLossMonitor, createLossRule, lossLimitSchema, type LossMeasure } from './equityLossLimit.js';

export const MAX_DAILY_LOSS_RULE = 'max-daily-loss';

/** Loss since the start of the UTC day (yesterday's last equity sample); by default a breach HALTS trading. */
export const maxDailyLossSchema = lossLimitSchema(5, 'HALTED');

const DAILY_LOSS: LossMeasure = { rule: MAX_DAILY_LOSS_RULE, what: 'daily loss', referenceOf: (m) => m.dayStartEquityMinor };

const digitsOf = (ctx: RuleContext): number => minorDigitsOf(ctx.portfolio.account(ctx.accountId)?.currency ?? '');

export const maxDailyLossRule = defineRule(
  maxDailyLossSchema,
  (config) => createLossRule(DAILY_LOSS, config, digitsOf),
  (config) => createLossMonitor(DAILY_LOSS, config),
);
