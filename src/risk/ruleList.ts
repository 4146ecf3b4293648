import { duplicateSignalRule } from './rules/duplicateSignal.js';
import { liquidityGuardRule } from './rules/liquidityGuard.js';
import { maxDailyLossRule } from './rules/maxDailyLoss.js';
import { maxDrawdownRule } from './rules/maxDrawdown.js';
import { maxGrossExposureRule } from './rules/maxGrossExposure.js';
import { maxNetExposureRule } from './rules/maxNetExposure.js';
import { maxOpenPositionsPerInstrumentRule } from './rules/maxOpenPositionsPerInstrument.js';
import { maxOrderNotionalRule } from './rules/maxOrderNotional.js';
import { maxOrderQuantityRule } from './rules/maxOrderQuantity.js';
import { maxOrdersPerDayRule } from './rules/maxOrdersPerDay.js';
import { maxOrdersPerInstrumentPerDayRule } from './rules/maxOrdersPerInstrumentPerDay.js';
import { maxPositionPctRule } from './rules/maxPositionPct.js';
import { minConfidenceRule } from './rules/minConfidence.js';
import { orderRateLimitRule } from './rules/orderRateLimit.js';
import { priceDeviationRule } from './rules/priceDeviation.js';
import { tradingHoursRule } from './rules/tradingHours.js';

/**
 * Every configurable rule, keyed by its configuration key, in the order the engine runs them: cheap,
 * stateless checks first; the LiquidityGuard (which may resize) before the size and exposure rules, so they
 * judge the resized trade; rules reading equity last. Adding a rule = one file under rules/ plus one line
 * here; the configuration schema, the overrides and the engine pick it up from this list.
 */
export const RULE_DEFINITIONS = {
  minConfidence: minConfidenceRule,
  tradingHours: tradingHoursRule,
  orderRateLimit: orderRateLimitRule,
  duplicateSignal: duplicateSignalRule,
  maxOrdersPerDay: maxOrdersPerDayRule,
  maxOrdersPerInstrumentPerDay: maxOrdersPerInstrumentPerDayRule,
  priceDeviation: priceDeviationRule,
  liquidityGuard: liquidityGuardRule,
  maxOrderQuantity: maxOrderQuantityRule,
  maxOrderNotional: maxOrderNotionalRule,
  maxOpenPositionsPerInstrument: maxOpenPositionsPerInstrumentRule,
  maxPositionPct: maxPositionPctRule,
  maxGrossExposure: maxGrossExposureRule,
  maxNetExposure: maxNetExposureRule,
  maxDailyLoss: maxDailyLossRule,
  maxDrawdown: maxDrawdownRule,
} as const;

export type RuleKey = keyof typeof RULE_DEFINITIONS;
export const RULE_KEYS = Object.keys(RULE_DEFINITIONS) as RuleKey[];
