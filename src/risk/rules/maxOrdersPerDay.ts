import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { utcDayIndex } from '../RiskState.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const MAX_ORDERS_PER_DAY_RULE = 'max-orders-per-day';

export const maxOrdersPerDaySchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Approved intents per account per UTC day (of `intent.ts`). */
    limit: z.number().int().nonnegative().default(500),
  })
  .strict();
export type MaxOrdersPerDayConfig = z.output<typeof maxOrdersPerDaySchema>;

export function createMaxOrdersPerDayRule(config: MaxOrdersPerDayConfig): RiskRule {
  const limit = config.limit;
  return {
    name: MAX_ORDERS_PER_DAY_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const wouldBe = ctx.state.ordersOnDay(ctx.accountId, utcDayIndex(intent.ts)) + 1;
      if (wouldBe <= limit) return PASS;
      return fail(limit, wouldBe, `this would be order ${wouldBe} today for account ${ctx.accountId}, limit ${limit} per day`);
    },
  };
}

export const maxOrdersPerDayRule = defineRule(maxOrdersPerDaySchema, createMaxOrdersPerDayRule);
