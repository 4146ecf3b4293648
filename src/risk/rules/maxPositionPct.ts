import { z } from 'zod';
import { minorDigitsOf, notionalMinor, sideSign, toUnits, fromUnits, type Instrument, type TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';
import { exceedsPercent, formatPct, percentLimit } from './percentLimit.js';

export const MAX_POSITION_PCT_RULE = 'max-position-pct';

export const maxPositionPctSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest position (plus open orders) in one instrument, as a percentage of account equity. */
    limitPct: z.number().positive().default(5),
  })
  .strict();
export type MaxPositionPctConfig = z.output<typeof maxPositionPctSchema>;

/**
 * For an intent that increases exposure: |position after the trade| × price × multiplier must stay within
 * `limitPct` of equity, where the position counts the account's open (unfilled, non-reduce-only) orders in
 * the instrument as potential exposure. Checked for the account's net position and for the strategy's own
 * book (each with its own open orders); the first that exceeds decides. Price = limitPrice ?? last price.
 */
export function createMaxPositionPctRule(config: MaxPositionPctConfig): RiskRule {
  const limit = percentLimit(config.limitPct);

  function exceeds(who: string, beforeUnits: number, afterUnits: number, price: number, equityMinor: number, instrument: Instrument): RuleVerdict {
    const afterAbs = Math.abs(afterUnits);
    if (afterAbs <= Math.abs(beforeUnits)) return PASS; // this trade does not add exposure here
    const qp = instrument.quantityPrecision;
    const exposureMinor = notionalMinor(price, fromUnits(afterAbs, qp), instrument.pricePrecision, qp, minorDigitsOf(instrument.currency), instrument.multiplier);
    if (!exceedsPercent(exposureMinor, equityMinor, limit)) return PASS;
    const pct = (exposureMinor / equityMinor) * 100;
    return fail(
      limit.pct,
      Number(pct.toFixed(2)),
      `position would be ${formatPct(pct)}% of equity, limit ${formatPct(limit.pct)}% (${who}: ${fromUnits(afterUnits, qp)} ${instrument.id} at ${price} incl. open orders)`,
    );
  }

  return {
    name: MAX_POSITION_PCT_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      if (intent.reduceOnly) return PASS;
      const { accountId, portfolio } = ctx;
      const instrument = ctx.instruments.get(intent.instrumentId);
      if (instrument === undefined) return fail(limit.pct, 'unknown instrument', `unknown instrument ${intent.instrumentId}: exposure cannot be valued`);
      const price = intent.limitPrice ?? portfolio.lastPrice(intent.instrumentId);
      if (price === undefined || !(price > 0)) return fail(limit.pct, 'no price', `no market price for ${intent.instrumentId}`);
      const account = portfolio.account(accountId);
      if (account !== undefined && account.currency !== instrument.currency) {
        return fail(limit.pct, instrument.currency, `${intent.instrumentId} trades in ${instrument.currency} but account ${accountId} is in ${account.currency}; no FX conversion`);
      }
      const equityMinor = portfolio.equityMinor(accountId);
      if (!(equityMinor > 0)) return fail(limit.pct, equityMinor, `account ${accountId} has no positive equity (${equityMinor} minor units)`);

      const qp = instrument.quantityPrecision;
      let accountUnits = toUnits(portfolio.position(accountId, intent.instrumentId)?.quantity ?? 0, qp);
      let strategyUnits = toUnits(portfolio.position(accountId, intent.instrumentId, intent.strategyId)?.quantity ?? 0, qp);
      const orders = ctx.orders.openOrders({ accountId, instrumentId: intent.instrumentId });
      for (let i = 0; i < orders.length; i++) {
        const order = orders[i]!;
        if (order.reduceOnly) continue; // can only shrink the position, and may never fill
        const leavesUnits = (toUnits(order.quantity, qp) - toUnits(order.filledQuantity, qp)) * sideSign(order.side);
        accountUnits += leavesUnits;
        if (order.strategyId === intent.strategyId) strategyUnits += leavesUnits;
      }
      const tradeUnits = toUnits(intent.quantity, qp) * sideSign(intent.side);
      const byAccount = exceeds(`account ${accountId} net`, accountUnits, accountUnits + tradeUnits, price, equityMinor, instrument);
      if (!byAccount.ok) return byAccount;
      return exceeds(`strategy ${intent.strategyId} book`, strategyUnits, strategyUnits + tradeUnits, price, equityMinor, instrument);
    },
  };
}

export const maxPositionPctRule = defineRule(maxPositionPctSchema, createMaxPositionPctRule);
