import { z } from 'zod';
import { fromUnits, pow10, toUnits, type TradeIntent } from '../../core/index.js';
import { defineRule } from '../RuleDefinition.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from '../RiskRule.js';
import { formatPct } from './percentLimit.js';

export const LIQUIDITY_GUARD_RULE = 'liquidity-guard';
export const NO_VOLUME_POLICIES = ['pass', 'reject'] as const;

export const liquidityGuardSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Largest share of the recent average bar volume one order may take, in percent. */
    maxPctOfAvgVolume: z.number().positive().max(100).default(10),
    /** Bars of the intent's timeframe the average is taken over. */
    lookbackBars: z.number().int().min(1).max(1_000).default(20),
    /** Resize a too-large order down to the allowed size (rounded down to the lot) instead of rejecting it. */
    resize: z.boolean().default(true),
    /** What to do before any bar with volume was seen (tick-only feeds, files without volume). */
    whenNoVolume: z.enum(NO_VOLUME_POLICIES).default('pass'),
  })
  .strict();
export type LiquidityGuardConfig = z.output<typeof liquidityGuardSchema>;

/**
 * Fat-finger check against recent volume: an order may take at most `maxPctOfAvgVolume`% of the average bar
 * volume; beyond that it is resized down to the largest whole number of lots within it (when `resize`), or
 * rejected (when not, or when not even one lot fits).
 */
export function createLiquidityGuardRule(config: LiquidityGuardConfig): RiskRule {
  const { maxPctOfAvgVolume: pct, lookbackBars, resize, whenNoVolume } = config;
  return {
    name: LIQUIDITY_GUARD_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const average = ctx.volumes.averageVolume(intent.instrumentId, intent.timeframe, lookbackBars);
      if (!(average > 0)) {
        if (whenNoVolume === 'pass') return PASS;
        return fail(pct, 'no volume', `no bar volume seen yet for ${intent.instrumentId}; orders are not allowed without it`);
      }
      const instrument = ctx.instruments.get(intent.instrumentId);
      if (instrument === undefined) return fail(pct, 'unknown instrument', `unknown instrument ${intent.instrumentId}`);
      const qp = instrument.quantityPrecision;
      const lotUnits = toUnits(instrument.lotSize, qp);
      const wantedUnits = toUnits(intent.quantity, qp);
      // A guard, not money: the float product is floored to the quantity grid, then down to whole lots.
      const capUnits = Math.floor(((average * pct) / 100) * pow10(qp) + 1e-9);
      const allowedUnits = Math.floor(capUnits / lotUnits) * lotUnits;
      if (wantedUnits <= allowedUnits) return PASS;
      if (resize && allowedUnits > 0) return { ok: true, quantity: fromUnits(allowedUnits, qp) };
      const observedPct = Number(((intent.quantity / average) * 100).toFixed(2));
      const allowed = fromUnits(allowedUnits, qp);
      return fail(
        pct,
        observedPct,
        `order of ${intent.quantity} is ${formatPct(observedPct)}% of the average volume ${formatPct(average)} over ${lookbackBars} bars, limit ${formatPct(pct)}%` +
          (resize ? ` (less than one lot of ${instrument.lotSize} would remain)` : ` (allowed ${allowed}; resizing is off)`),
      );
    },
  };
}

export const liquidityGuardRule = defineRule(liquidityGuardSchema, createLiquidityGuardRule);
