import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { utcDayIndex } from '../RiskState.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const MAX_ORDERS_PER_INSTRUMENT_PER_DAY_RULE = 'max-orders-per-instrument-per-day';

export const maxOrdersPerInstrumentPerDaySchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Approved intents per account in one instrument per UTC day (of `intent.ts`). */
    limit: z.number().int().nonnegative().default(500),
  })
  .strict();
export type MaxOrdersPerInstrumentPerDayConfig = z.output<typeof maxOrdersPerInstrumentPerDaySchema>;

export function createMaxOrdersPerInstrumentPerDayRule(config: MaxOrdersPerInstrumentPerDayConfig): RiskRule {
  const limit = config.limit;
  return {
    name: MAX_ORDERS_PER_INSTRUMENT_PER_DAY_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const wouldBe = ctx.state.ordersOnDayIn(ctx.accountId, intent.instrumentId, utcDayIndex(intent.ts)) + 1;
      if (wouldBe <= limit) return PASS;
      return fail(limit, wouldBe, `this would be order ${wouldBe} today in ${intent.instrumentId} for account ${ctx.accountId}, limit ${limit} per day`);
    },
  };
}

export const maxOrdersPerInstrumentPerDayRule = defineRule(maxOrdersPerInstrumentPerDaySchema, createMaxOrdersPerInstrumentPerDayRule);
