import type { InstrumentProvider, OrderView, PortfolioView, SessionCalendar, TradeIntent } from '../core/index.js';
import type { AccountMetricsView } from './AccountMetrics.js';
import type { ExposureView } from './PotentialExposure.js';
import type { RiskStateView } from './RiskState.js';
import type { VolumeView } from './VolumeTracker.js';

/** What a rule may read. The engine reuses one context object; rules must not keep it past `check`. */
export interface RuleContext {
  readonly accountId: string;
  /** Clock time of this evaluation (rate limits use it; intent times come from the producer). */
  readonly nowMs: number;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  readonly state: RiskStateView;
  /** Recent bar volumes per instrument (LiquidityGuard). */
  readonly volumes: VolumeView;
  /** Equity at the start of the day and its peak, per account (daily loss, drawdown). */
  readonly metrics: AccountMetricsView;
  /** Potential exposure of the account if every open order (and every earlier basket leg) filled. */
  readonly exposure: ExposureView;
  /** Earlier legs of the basket being evaluated, counted as if they were open orders; empty otherwise. */
  readonly pending: readonly TradeIntent[];
}

export type RuleVerdict =
  | {
      readonly ok: true;
      /** A smaller quantity the rule would accept (the trade is resized down). */
      readonly quantity?: number;
    }
  | {
      readonly ok: false;
      readonly limit: number | string;
      readonly observed: number | string;
      /** A human sentence, e.g. `position would be 7.3% of equity, limit 5%`. */
      readonly reason: string;
    };

/** One pre-trade check. Pure with respect to its inputs: it reads the context and returns a verdict. */
export interface RiskRule {
  readonly name: string;
  check(intent: TradeIntent, ctx: RuleContext): RuleVerdict;
}

/** The shared "passes unchanged" verdict, so the common path allocates nothing. */
export const PASS: RuleVerdict = Object.freeze({ ok: true });

export function fail(limit: number | string, observed: number | string, reason: string): RuleVerdict {
  return { ok: false, limit, observed, reason };
}
