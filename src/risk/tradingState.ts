import type { TradeIntent } from '../core/index.js';
import { whyNotReducing } from './reducesBook.js';
import { fail, PASS, type RiskRule, type RuleContext, type RuleVerdict } from './RiskRule.js';

/** ACTIVE trades normally, REDUCING lets only exposure-reducing intents through, HALTED rejects everything. */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

/** How restrictive a state is: automatic trips only ever move up this scale. */
export const TRADING_STATE_SEVERITY: Readonly<Record<TradingState, number>> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

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

/**
 * The gate the engine runs before every configured rule; it cannot be disabled. In REDUCING an intent passes
 * only when it shrinks its book without flipping it (whatever its `reduceOnly` flag says).
 */
export function createTradingStateRule(source: TradingStateSource): RiskRule {
  return {
    name: TRADING_STATE_RULE,
    check(intent: TradeIntent, ctx: RuleContext): RuleVerdict {
      const status = source.status;
      if (status.state === 'ACTIVE') return PASS;
      const why = `(set by ${status.by}: ${status.reason})`;
      if (status.state === 'HALTED') {
        return fail(status.state, intent.reduceOnly ? 'reduce-only' : 'entry', `trading is HALTED ${why}: every intent is rejected`);
      }
      const notReducing = whyNotReducing(intent, ctx);
      if (notReducing === undefined) return PASS;
      return fail(status.state, intent.reduceOnly ? 'reduce-only' : 'entry', `trading is REDUCING ${why}: only exposure-reducing intents pass; ${notReducing}`);
    },
  };
}
