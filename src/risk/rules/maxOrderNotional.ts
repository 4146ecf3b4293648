import { z } from 'zod';
import { amountToMinor, formatMinor, minorDigitsOf, notionalMinor, type TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const MAX_ORDER_NOTIONAL_RULE = 'max-order-notional';

export const maxOrderNotionalSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest value of one order in the instrument's currency, in currency units (250000 = 250,000.00). */
    limit: z.number().positive().default(10_000_000),
  })
  .strict();
export type MaxOrderNotionalConfig = z.output<typeof maxOrderNotionalSchema>;

/** price × quantity × multiplier of one order (price = limit, else stop, else last trade), exactly in minor units. */
export function createMaxOrderNotionalRule(config: MaxOrderNotionalConfig): RiskRule {
  const limit = config.limit;
  return {
    name: MAX_ORDER_NOTIONAL_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const instrument = ctx.instruments.get(intent.instrumentId);
      if (instrument === undefined) return fail(limit, 'unknown instrument', `unknown instrument ${intent.instrumentId}: the order cannot be valued`);
      const price = intent.limitPrice ?? intent.stopPrice ?? ctx.portfolio.lastPrice(intent.instrumentId);
      if (price === undefined || !(price > 0)) return fail(limit, 'no price', `no price to value the order in ${intent.instrumentId}`);
      const digits = minorDigitsOf(instrument.currency);
      const valueMinor = notionalMinor(price, intent.quantity, instrument.pricePrecision, instrument.quantityPrecision, digits, instrument.multiplier);
      const limitMinor = amountToMinor(limit, digits);
      if (valueMinor <= limitMinor) return PASS;
      const value = formatMinor(valueMinor, instrument.currency);
      return fail(limit, Number(value), `order value ${value} ${instrument.currency} (${intent.quantity} at ${price}) exceeds the limit ${limit} ${instrument.currency}`);
    },
  };
}

export const maxOrderNotionalRule = defineRule(maxOrderNotionalSchema, createMaxOrderNotionalRule);
