import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { RATE_HISTORY } from '../RiskState.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const ORDER_RATE_LIMIT_RULE = 'order-rate-limit';

export const orderRateLimitSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Approvals per account allowed inside any sliding window of `windowMs` (clock time). */
    maxOrders: z.number().int().min(1).max(RATE_HISTORY).default(10),
    windowMs: z.number().int().positive().default(1_000),
  })
  .strict();
export type OrderRateLimitConfig = z.output<typeof orderRateLimitSchema>;

/**
 * A sliding window on the Clock: the intent is rejected when `maxOrders` approvals of the account already lie
 * in (now − windowMs, now]. O(1): it reads the `maxOrders`-th most recent approval time; counting the window
 * (for the event) happens only on a rejection.
 */
export function createOrderRateLimitRule(config: OrderRateLimitConfig): RiskRule {
  const { maxOrders, windowMs } = config;
  return {
    name: ORDER_RATE_LIMIT_RULE,
    check(_intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const oldest = ctx.state.nthRecentApprovalMs(ctx.accountId, maxOrders);
      const sinceMs = ctx.nowMs - windowMs;
      if (oldest === undefined || oldest <= sinceMs) return PASS;
      const wouldBe = ctx.state.approvalsAfter(ctx.accountId, sinceMs) + 1;
      return fail(maxOrders, wouldBe, `this would be order ${wouldBe} of account ${ctx.accountId} within ${windowMs} ms, limit ${maxOrders}`);
    },
  };
}

export const orderRateLimitRule = defineRule(orderRateLimitSchema, createOrderRateLimitRule);
