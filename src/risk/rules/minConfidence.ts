import { z } from 'zod';
import type { TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleVerdict } from '../RiskRule.js';

export const MIN_CONFIDENCE_RULE = 'min-confidence';

export const minConfidenceSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Intents whose confidence (0..1) is below this are rejected. */
    min: z.number().min(0).max(1).default(0.6),
  })
  .strict();
export type MinConfidenceConfig = z.output<typeof minConfidenceSchema>;

export function createMinConfidenceRule(config: MinConfidenceConfig): RiskRule {
  const min = config.min;
  return {
    name: MIN_CONFIDENCE_RULE,
    check(intent: TradeIntent): RuleVerdict {
      // Written as "not at least" so a NaN confidence is rejected too.
      if (intent.confidence >= min) return PASS;
      return fail(min, intent.confidence, `confidence ${intent.confidence} is below the minimum ${min}`);
    },
  };
}

export const minConfidenceRule = defineRule(minConfidenceSchema, createMinConfidenceRule);
