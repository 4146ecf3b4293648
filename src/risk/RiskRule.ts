import type { InstrumentProvider, OrderView, PortfolioView, SessionCalendar, TradeIntent } from '../core/index.js';
import type { RiskStateView } from './RiskState.js';

/** What a rule may read. The engine reuses one context object; rules must not keep it past `check`. */
export interface RuleContext {
  readonly accountId: string;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  readonly state: RiskStateView;
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
