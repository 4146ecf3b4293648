import type { RiskConfig } from './riskConfig.js';
import type { RiskRule } from './RiskRule.js';
import { RULE_DEFINITIONS, RULE_KEYS } from './ruleList.js';

/** The enabled rules of a configuration, in the fixed order of RULE_DEFINITIONS. */
export function buildRules(config: RiskConfig): RiskRule[] {
  const rules: RiskRule[] = [];
  for (const key of RULE_KEYS) {
    const slice = config.rules[key];
    if (!slice.enabled) continue;
    // The slice was produced by this definition's own schema (see riskConfigSchema), so the types agree;
    // TypeScript cannot correlate the key across the two lookups.
    const create = RULE_DEFINITIONS[key].create as (config: typeof slice) => RiskRule;
    rules.push(create(slice));
  }
  return rules;
}
