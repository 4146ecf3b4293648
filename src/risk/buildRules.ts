import type { AccountLimit } from './AccountLimit.js';
import type { RiskConfig, RulesConfig } from './riskConfig.js';
import type { RiskRule } from './RiskRule.js';
import { RULE_DEFINITIONS, RULE_KEYS, type RuleKey } from './ruleList.js';

type Slice<K extends RuleKey> = RulesConfig[K];

/** The enabled pre-trade rules of a rule set (the defaults of `config` when given a whole RiskConfig), in RULE_DEFINITIONS order. */
export function buildRules(config: RiskConfig | RulesConfig): RiskRule[] {
  const rules = 'rules' in config ? config.rules : config;
  const out: RiskRule[] = [];
  for (const key of RULE_KEYS) {
    const slice = rules[key];
    if (!slice.enabled) continue;
    // The slice was produced by this definition's own schema (see riskConfigSchema), so the types agree;
    // TypeScript cannot correlate the key across the two lookups.
    const create = RULE_DEFINITIONS[key].create as (config: Slice<typeof key>) => RiskRule;
    out.push(create(slice));
  }
  return out;
}

/** The enabled account-wide limits (daily loss, drawdown, exposure) of a rule set, which the engine also watches between intents. */
export function buildAccountLimits(rules: RulesConfig): AccountLimit[] {
  const out: AccountLimit[] = [];
  for (const key of RULE_KEYS) {
    const slice = rules[key];
    const definition = RULE_DEFINITIONS[key] as { readonly monitor?: (config: Slice<typeof key>) => AccountLimit };
    if (slice.enabled && definition.monitor !== undefined) out.push(definition.monitor(slice));
  }
  return out;
}
