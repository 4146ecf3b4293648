import type { RiskConfig, RulesConfig } from './riskConfig.js';
import { RULE_KEYS } from './ruleList.js';

/**
 * The effective settings for an account and an instrument: each rule's defaults, then the account's override,
 * then the instrument's, field by field (instrument > account > default). Either id may be left out.
 */
export function resolveRules(config: RiskConfig, accountId?: string, instrumentId?: string): RulesConfig {
  const account = accountId === undefined ? undefined : config.accounts[accountId];
  const instrument = instrumentId === undefined ? undefined : config.instruments[instrumentId];
  if (account === undefined && instrument === undefined) return config.rules;
  const out: Record<string, unknown> = {};
  for (const key of RULE_KEYS) {
    const a = account?.[key];
    const i = instrument?.[key];
    out[key] = a === undefined && i === undefined ? config.rules[key] : { ...config.rules[key], ...a, ...i };
  }
  return out as RulesConfig;
}
