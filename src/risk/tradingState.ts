import type { TradeIntent } from '../core/index.js';
import { fail, PASS, type RiskRule, type RuleVerdict } from './RiskRule.js';

/** ACTIVE trades normally, REDUCING lets only reduce-only intents through, HALTED rejects everything. */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

export interface TradingStatus {
  readonly state: TradingState;
  /** Who set it (an operator, a rule that tripped, `startup`). */
  readonly by: string;
  readonly reason: string;
  readonly sinceMs: number;
}

export const TRADING_STATE_RULE = 'trading-state';

/** Where the engine keeps the current trading state; the gate rule reads it on every intent. */
export interface TradingStateSource {
  readonly status: TradingStatus;
}

/** The gate the engine runs before every configured rule; it cannot be disabled. */
export function createTradingStateRule(source: TradingStateSource): RiskRule {
  return {
    name: TRADING_STATE_RULE,
    check(intent: TradeIntent): RuleVerdict {
      const status = source.status;
      if (status.state === 'ACTIVE') return PASS;
      if (status.state === 'REDUCING' && intent.reduceOnly) return PASS;
      const observed = intent.reduceOnly ? 'reduce-only' : 'entry';
      const why = `(set by ${status.by}: ${status.reason})`;
      return status.state === 'HALTED'
        ? fail(status.state, observed, `trading is HALTED ${why}: every intent is rejected`)
        : fail(status.state, observed, `trading is REDUCING ${why}: only reduce-only intents pass`);
    },
  };
}
