import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleVerdict } from '../RiskRule.js';

export const MAX_ORDER_QUANTITY_RULE = 'max-order-quantity';

export const maxOrderQuantitySchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest quantity of one order (shares, contracts, units), entries and exits alike. */
    limit: z.number().positive().default(1_000_000),
  })
  .strict();
export type MaxOrderQuantityConfig = z.output<typeof maxOrderQuantitySchema>;

export function createMaxOrderQuantityRule(config: MaxOrderQuantityConfig): RiskRule {
  const limit = config.limit;
  return {
    name: MAX_ORDER_QUANTITY_RULE,
    check(intent: TradeIntent): RuleVerdict {
      // Both numbers are decimals as written, so comparing them directly is exact; NaN is rejected.
      if (intent.quantity <= limit) return PASS;
      return fail(limit, intent.quantity, `order quantity ${intent.quantity} ${intent.instrumentId} exceeds the limit ${limit}`);
    },
  };
}

export const maxOrderQuantityRule = defineRule(maxOrderQuantitySchema, createMaxOrderQuantityRule);
