import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const TRADING_HOURS_RULE = 'trading-hours';

export const tradingHoursSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Let reduce-only exits through while the exchange is closed (they queue for the next session). */
    allowExitsOutsideHours: z.boolean().default(false),
  })
  .strict();
export type TradingHoursConfig = z.output<typeof tradingHoursSchema>;

/** Rejects intents whose time is outside the instrument's exchange session (daily signals: trading days). */
export function createTradingHoursRule(config: TradingHoursConfig): RiskRule {
  const allowExits = config.allowExitsOutsideHours;
  return {
    name: TRADING_HOURS_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const instrument = ctx.instruments.get(intent.instrumentId);
      if (instrument === undefined) {
        return fail('a known instrument', intent.instrumentId, `unknown instrument ${intent.instrumentId}: its exchange hours are unknown`);
      }
      if (ctx.calendar.isOpen(instrument.exchange, intent.ts, intent.timeframe)) return PASS;
      if (allowExits && intent.reduceOnly) return PASS;
      const at = Number.isFinite(intent.ts) ? new Date(intent.ts).toISOString() : String(intent.ts);
      const exits = intent.reduceOnly ? ' (exits outside hours are not allowed)' : '';
      return fail(`${instrument.exchange} trading hours`, at, `${instrument.exchange} is closed at ${at} for a ${intent.timeframe} signal${exits}`);
    },
  };
}

export const tradingHoursRule = defineRule(tradingHoursSchema, createTradingHoursRule);
