import { z } from 'zod';
import { amountToMinor, minorToAmount, type TradeIntent } from '../../core/index.js';
import { tripActionSchema, type AccountLimit, type AccountSample, type Breach } from '../AccountLimit.js';
import type { AccountMetricsSnapshot } from '../AccountMetrics.js';
import { whyNotReducing } from '../reducesBook.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';
import { exceedsPercent, formatPct, percentLimit, type PercentLimit } from './percentLimit.js';

/** The shared shape of the daily-loss and drawdown limits: a loss from a reference equity. */
export function lossLimitSchema(defaultPct: number, defaultAction: 'REDUCING' | 'HALTED') {
  return z
    .object({
      enabled: z.boolean().default(true),
      /** Largest loss as a percentage of the reference equity (start of day, or peak). */
      limitPct: z.number().positive().max(100).default(defaultPct),
      /** Also an absolute cap, in the account's currency units; whichever is hit first trips. */
      limit: z.number().positive().optional(),
      /** The state the engine trips to when the loss goes past the limit. */
      action: tripActionSchema.default(defaultAction),
    })
    .strict();
}
export type LossLimitConfig = z.output<ReturnType<typeof lossLimitSchema>>;

/** Which reference a loss is measured from, and how it is named in events. */
export interface LossMeasure {
  readonly rule: string;
  readonly what: string;
  readonly referenceOf: (metrics: AccountMetricsSnapshot) => number;
}

/** The breach of `config` by the account's sampled equity, or undefined when within it (exactly at the limit is within). */
export function lossBreach(
  measure: LossMeasure,
  config: LossLimitConfig,
  pct: PercentLimit,
  metrics: AccountMetricsSnapshot,
  minorDigits: number,
): Breach | undefined {
  const referenceMinor = measure.referenceOf(metrics);
  const lossMinor = referenceMinor - metrics.equityMinor;
  if (!(lossMinor > 0)) return undefined;
  if (config.limit !== undefined && lossMinor > amountToMinor(config.limit, minorDigits)) {
    const loss = minorToAmount(lossMinor, minorDigits);
    return { limit: config.limit, observed: loss, reason: `${measure.what} of ${loss} exceeds the limit ${config.limit} (account ${metrics.accountId})` };
  }
  if (referenceMinor > 0 && !exceedsPercent(lossMinor, referenceMinor, pct)) return undefined;
  const observedPct = referenceMinor > 0 ? Number(((lossMinor / referenceMinor) * 100).toFixed(2)) : 100;
  return {
    limit: config.limitPct,
    observed: observedPct,
    reason: `${measure.what} is ${formatPct(observedPct)}% of ${minorToAmount(referenceMinor, minorDigits)}, limit ${formatPct(config.limitPct)}% (account ${metrics.accountId})`,
  };
}

/** Pre-trade: while the loss is past the limit only intents that shrink their book pass. */
export function createLossRule(measure: LossMeasure, config: LossLimitConfig, minorDigitsOf: (ctx: RuleContext) => number): RiskRule {
  const pct = percentLimit(config.limitPct);
  return {
    name: measure.rule,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const metrics = ctx.metrics.get(ctx.accountId);
      if (metrics === undefined) return fail(config.limitPct, 'no equity', `no equity sample for account ${ctx.accountId}; the ${measure.what} cannot be judged`);
      const breach = lossBreach(measure, config, pct, metrics, minorDigitsOf(ctx));
      if (breach === undefined || whyNotReducing(intent, ctx) === undefined) return PASS;
      return fail(breach.limit, breach.observed, `${breach.reason}: only exposure-reducing intents pass`);
    },
  };
}

export function createLossMonitor(measure: LossMeasure, config: LossLimitConfig): AccountLimit {
  const pct = percentLimit(config.limitPct);
  return {
    name: measure.rule,
    action: config.action,
    check: (sample: AccountSample) => lossBreach(measure, config, pct, sample.metrics, sample.minorDigits),
  };
}
