import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';

export const DUPLICATE_SIGNAL_RULE = 'duplicate-signal';

export const duplicateSignalSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** An intent repeating an approved (account, strategy, instrument, action) sooner than this is rejected. */
    windowMs: z.number().int().nonnegative().default(60_000),
  })
  .strict();
export type DuplicateSignalConfig = z.output<typeof duplicateSignalSchema>;

export function createDuplicateSignalRule(config: DuplicateSignalConfig): RiskRule {
  const windowMs = config.windowMs;
  return {
    name: DUPLICATE_SIGNAL_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const lastTs = ctx.state.lastApprovedTs(ctx.accountId, intent.strategyId, intent.instrumentId, intent.action);
      if (lastTs === undefined) return PASS;
      const elapsedMs = intent.ts - lastTs;
      // "not at least the window" also rejects an intent older than the approval it repeats.
      if (elapsedMs >= windowMs) return PASS;
      return fail(
        windowMs,
        elapsedMs,
        `the same ${intent.action} of ${intent.instrumentId} by ${intent.strategyId} was approved ${elapsedMs} ms ago, window ${windowMs} ms`,
      );
    },
  };
}

export const duplicateSignalRule = defineRule(duplicateSignalSchema, createDuplicateSignalRule);
