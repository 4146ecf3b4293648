import { duplicateSignalRule } from './rules/duplicateSignal.js';
import { maxOpenPositionsPerInstrumentRule } from './rules/maxOpenPositionsPerInstrument.js';
import { maxOrdersPerDayRule } from './rules/maxOrdersPerDay.js';
import { maxPositionPctRule } from './rules/maxPositionPct.js';
import { minConfidenceRule } from './rules/minConfidence.js';
import { tradingHoursRule } from './rules/tradingHours.js';

/**
 * Every configurable rule, keyed by its configuration key, in the order the engine runs them (cheap,
 * stateless checks first). Adding a rule = one file under rules/ plus one line here; the configuration
 * schema and the engine pick it up from this list.
 */
export const RULE_DEFINITIONS = {
  minConfidence: minConfidenceRule,
  tradingHours: tradingHoursRule,
  duplicateSignal: duplicateSignalRule,
  maxOrdersPerDay: maxOrdersPerDayRule,
  maxOpenPositionsPerInstrument: maxOpenPositionsPerInstrumentRule,
  maxPositionPct: maxPositionPctRule,
} as const;

export type RuleKey = keyof typeof RULE_DEFINITIONS;
export const RULE_KEYS = Object.keys(RULE_DEFINITIONS) as RuleKey[];
