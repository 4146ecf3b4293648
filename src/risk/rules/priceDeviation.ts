import { z } from 'zod';
import { toUnits, type TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';
import { exceedsPercent, formatPct, percentLimit } from './percentLimit.js';

export const PRICE_DEVIATION_RULE = 'price-deviation';

export const priceDeviationSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Farthest a limit price may lie from the last trade, in basis points of the last trade. */
    maxBps: z.number().nonnegative().default(500),
    /** The same in percent; when given it replaces `maxBps`. */
    maxPct: z.number().nonnegative().optional(),
  })
  .strict();
export type PriceDeviationConfig = z.output<typeof priceDeviationSchema>;

/** Rejects a LIMIT intent whose price is further from the last trade than allowed (either side); exact at the boundary. */
export function createPriceDeviationRule(config: PriceDeviationConfig): RiskRule {
  const limitPct = config.maxPct ?? config.maxBps / 100;
  const limit = percentLimit(limitPct);
  const shown = config.maxPct !== undefined ? `${formatPct(limitPct)}%` : `${config.maxBps} bps`;
  const written = config.maxPct !== undefined ? `${formatPct(limitPct)}%` : `${config.maxBps}bps`;
  return {
    name: PRICE_DEVIATION_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      if (intent.orderType !== 'LIMIT') return PASS;
      const limitPrice = intent.limitPrice;
      if (limitPrice === undefined || !(limitPrice > 0)) return fail(written, String(limitPrice), `a LIMIT intent needs a positive limit price, got ${limitPrice}`);
      const instrument = ctx.instruments.get(intent.instrumentId);
      if (instrument === undefined) return fail(written, 'unknown instrument', `unknown instrument ${intent.instrumentId}`);
      const last = ctx.portfolio.lastPrice(intent.instrumentId);
      if (last === undefined || !(last > 0)) return fail(written, 'no last trade', `no last trade in ${intent.instrumentId} to compare the limit price ${limitPrice} with`);
      const pp = instrument.pricePrecision;
      const lastUnits = toUnits(last, pp);
      const deviationUnits = Math.abs(toUnits(limitPrice, pp) - lastUnits);
      if (!exceedsPercent(deviationUnits, lastUnits, limit)) return PASS;
      const bps = Number(((deviationUnits / lastUnits) * 10_000).toFixed(2));
      return fail(written, `${bps}bps`, `limit price ${limitPrice} is ${bps} bps from the last trade ${last}, limit ${shown}`);
    },
  };
}

export const priceDeviationRule = defineRule(priceDeviationSchema, createPriceDeviationRule);
