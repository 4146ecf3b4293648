import { z } from 'zod';
import { amountToMinor, formatMinor, minorDigitsOf, type TradeIntent } from '../../core/index.js';
import { tripActionSchema, type AccountLimit, type AccountSample, type Breach } from '../AccountLimit.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';
import { exceedsPercent, formatPct, percentLimit, type PercentLimit } from './percentLimit.js';

/** The shared shape of the gross and net exposure limits. */
export const exposureLimitSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest exposure as a percentage of account equity (100 = no leverage). */
    limitPct: z.number().positive().default(100),
    /** Also an absolute cap, in the account's currency units; whichever is lower binds. */
    limit: z.number().positive().optional(),
    /** The state the engine trips to when positions alone (prices moving) exceed the limit. */
    action: tripActionSchema.default('REDUCING'),
  })
  .strict();
export type ExposureLimitConfig = z.output<typeof exposureLimitSchema>;

export type ExposureKind = 'gross' | 'net';

interface Judge {
  readonly pct: PercentLimit;
  readonly limit: number | undefined;
  /** The problem with `valueMinor` against equity, or undefined when within. */
  over(valueMinor: number, equityMinor: number, currency: string): string | undefined;
}

function judge(config: ExposureLimitConfig, kind: ExposureKind): Judge {
  const pct = percentLimit(config.limitPct);
  const limit = config.limit;
  return {
    pct,
    limit,
    over(valueMinor, equityMinor, currency) {
      const value = `${kind} exposure ${formatMinor(valueMinor, currency)} ${currency}`;
      if (limit !== undefined && valueMinor > amountToMinor(limit, minorDigitsOf(currency))) return `${value} exceeds the limit ${limit} ${currency}`;
      if (!(equityMinor > 0)) return `${value} with no positive equity (${formatMinor(equityMinor, currency)} ${currency})`;
      if (!exceedsPercent(valueMinor, equityMinor, pct)) return undefined;
      return `${value} is ${formatPct((valueMinor / equityMinor) * 100)}% of equity, limit ${formatPct(pct.pct)}%`;
    },
  };
}

function observedPct(valueMinor: number, equityMinor: number): number | string {
  return equityMinor > 0 ? Number(((valueMinor / equityMinor) * 100).toFixed(2)) : `${valueMinor} minor`;
}

/**
 * Pre-trade: the exposure if every open order, earlier basket leg and this intent filled must stay within the
 * limit; an intent that does not raise it (a reducing trade) always passes.
 */
export function createExposureRule(name: string, kind: ExposureKind, config: ExposureLimitConfig): RiskRule {
  const j = judge(config, kind);
  return {
    name,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const exposure = ctx.exposure.of(intent, ctx);
      if (exposure.problem !== undefined) return fail(j.pct.pct, 'cannot value', exposure.problem);
      const before = kind === 'gross' ? exposure.grossBeforeMinor : exposure.netBeforeMinor;
      const after = kind === 'gross' ? exposure.grossAfterMinor : exposure.netAfterMinor;
      if (after <= before) return PASS;
      const problem = j.over(after, exposure.equityMinor, exposure.currency);
      if (problem === undefined) return PASS;
      return fail(j.limit ?? j.pct.pct, observedPct(after, exposure.equityMinor), `${problem} (account ${ctx.accountId}, open orders included)`);
    },
  };
}

/** Between intents: positions alone (marked at the last prices) above the limit trip the trading state. */
export function createExposureMonitor(name: string, kind: ExposureKind, config: ExposureLimitConfig): AccountLimit {
  const j = judge(config, kind);
  return {
    name,
    action: config.action,
    usesExposure: true,
    check(sample: AccountSample): Breach | undefined {
      const current = sample.currentExposure();
      if (!current.ok) return undefined; // nothing to value yet; the pre-trade rule fails closed on the same problem
      const value = kind === 'gross' ? current.grossMinor : Math.abs(current.netMinor);
      if (value === 0) return undefined;
      const currency = current.currency;
      const problem = j.over(value, sample.metrics.equityMinor, currency);
      if (problem === undefined) return undefined;
      return { limit: j.limit ?? j.pct.pct, observed: observedPct(value, sample.metrics.equityMinor), reason: `${problem} (account ${sample.accountId})` };
    },
  };
}
