import { RATE_HISTORY, type RiskConfig, type RuleOverrides } from '../../risk/index.js';

/** The rules that count orders or repeats: the warm-up sends thousands of orders in minutes of its own time. */
const COUNTING_RULES = ['orderRateLimit', 'duplicateSignal', 'maxOrdersPerDay', 'maxOrdersPerInstrumentPerDay'] as const;

/** Beyond any count the warm-up reaches, and a small integer (as the configured limits are) for V8. */
const NO_LIMIT = 1_000_000_000;

/**
 * The risk configuration of the order-path warm-up's throwaway graph: the node's own (the same rules run, with
 * the same settings and overrides, so the same code is compiled), except that the rules counting orders or
 * repeated signals are given room for the warm-up's stream, which would otherwise be rejected after a few
 * orders and leave the rest of the path cold. They stay enabled or disabled as configured.
 */
export function warmUpRiskConfig(risk: RiskConfig): RiskConfig {
  const rules = risk.rules;
  return {
    ...risk,
    rules: {
      ...rules,
      orderRateLimit: { ...rules.orderRateLimit, maxOrders: RATE_HISTORY, windowMs: 1 },
      duplicateSignal: { ...rules.duplicateSignal, windowMs: 0 },
      maxOrdersPerDay: { ...rules.maxOrdersPerDay, limit: NO_LIMIT },
      maxOrdersPerInstrumentPerDay: { ...rules.maxOrdersPerInstrumentPerDay, limit: NO_LIMIT },
    },
    accounts: withoutCounting(risk.accounts),
    instruments: withoutCounting(risk.instruments),
  };
}

function withoutCounting(scopes: Readonly<Record<string, RuleOverrides>>): Record<string, RuleOverrides> {
  const result: Record<string, RuleOverrides> = {};
  for (const [id, overrides] of Object.entries(scopes)) {
    const kept: Record<string, unknown> = { ...overrides };
    for (const key of COUNTING_RULES) delete kept[key];
    result[id] = kept as RuleOverrides;
  }
  return result;
}
