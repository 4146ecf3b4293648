import { minorDigitsOf } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import type { RuleContext } from '../RiskRule.js';
import { createLossMonitor, createLossRule, lossLimitSchema, type LossMeasure } from './equityLossLimit.js';

export const MAX_DRAWDOWN_RULE = 'max-drawdown';

/** Fall from the highest equity sampled since the engine started; by default a breach moves to REDUCING. */
export const maxDrawdownSchema = lossLimitSchema(20, 'REDUCING');

const DRAWDOWN: LossMeasure = { rule: MAX_DRAWDOWN_RULE, what: 'drawdown', referenceOf: (m) => m.peakEquityMinor };

const digitsOf = (ctx: RuleContext): number => minorDigitsOf(ctx.portfolio.account(ctx.accountId)?.currency ?? '');

export const maxDrawdownRule = defineRule(
  maxDrawdownSchema,
  (config) => createLossRule(DRAWDOWN, config, digitsOf),
  (config) => createLossMonitor(DRAWDOWN, config),
);
