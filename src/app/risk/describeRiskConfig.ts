import { resolveRules, RULE_DEFINITIONS, RULE_KEYS, type RiskConfig, type RuleKey, type RulesConfig } from '../../risk/index.js';

/** One line of `fortress risk check`'s table. */
export interface RuleRow {
  /** `default`, `account acc-1`, `instrument NIFTY24NOVFUT.NFO`. */
  readonly scope: string;
  readonly rule: RuleKey;
  readonly enabled: boolean;
  /** `limitPct=5 action=HALTED` — the effective settings in that scope. */
  readonly settings: string;
}

/**
 * The effective rules: every rule with its defaults, then, for each account and instrument that overrides
 * something, the rules it overrides with their effective (merged) settings.
 */
export function describeRiskConfig(config: RiskConfig): RuleRow[] {
  const rows: RuleRow[] = [];
  const add = (scope: string, rules: RulesConfig, keys: readonly RuleKey[]): void => {
    for (const key of keys) {
      const { enabled, ...settings } = rules[key] as { enabled: boolean } & Record<string, unknown>;
      rows.push({ scope, rule: key, enabled, settings: Object.entries(settings).map(([k, v]) => `${k}=${String(v)}`).join(' ') });
    }
  };
  add('default', config.rules, RULE_KEYS);
  for (const [accountId, overrides] of Object.entries(config.accounts)) add(`account ${accountId}`, resolveRules(config, accountId), keysOf(overrides));
  for (const [instrumentId, overrides] of Object.entries(config.instruments)) {
    add(`instrument ${instrumentId}`, resolveRules(config, undefined, instrumentId), keysOf(overrides));
  }
  return rows;
}

function keysOf(overrides: object): RuleKey[] {
  return RULE_KEYS.filter((key) => Object.hasOwn(overrides, key) && Object.hasOwn(RULE_DEFINITIONS, key));
}
