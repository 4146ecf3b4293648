import type { z } from 'zod';
import type { AccountLimit } from './AccountLimit.js';
import type { RiskRule } from './RiskRule.js';

/**
 * A rule's configuration slice (`{ enabled, ...params }`, every field defaulted), its pre-trade check, and for
 * account-wide limits (daily loss, drawdown, exposure) the monitor that trips the trading state between intents.
 */
export interface RuleDefinition<S extends z.ZodObject = z.ZodObject> {
  readonly schema: S;
  readonly create: (config: z.output<S>) => RiskRule;
  readonly monitor?: (config: z.output<S>) => AccountLimit;
}

export function defineRule<S extends z.ZodObject>(
  schema: S,
  create: (config: z.output<S>) => RiskRule,
  monitor?: (config: z.output<S>) => AccountLimit,
): RuleDefinition<S> {
  return monitor === undefined ? { schema, create } : { schema, create, monitor };
}
