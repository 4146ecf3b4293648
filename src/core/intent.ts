import type { Timeframe } from './market.js';
import type { OrderSide, OrderType, TimeInForce } from './order.js';
import type { SignalAction } from './signal.js';

/** A sized trade the decision engine wants; it reaches a broker only after the risk engine approves it. */
export interface TradeIntent {
  readonly intentId: string;
  readonly signalId: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly action: SignalAction;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly trailingOffset?: number;
  readonly timeInForce: TimeInForce;
  /** True when the trade can only shrink an existing position (SELL of a long, COVER of a short). */
  readonly reduceOnly: boolean;
  readonly confidence: number;
  readonly timeframe: Timeframe;
  readonly ts: number;
  readonly correlationId: string;
  readonly reason: string;
  /** Take-profit / stop-loss children that go live when this (entry) order fills. */
  readonly bracket?: BracketSpec;
}

export interface BracketSpec {
  readonly takeProfitPrice?: number;
  readonly stopLossPrice?: number;
  /** Makes the stop-loss child a trailing stop at this distance. */
  readonly trailingOffset?: number;
}

/** Several intents that must all complete or be unwound (a hedge, a rollover, a spread). */
export interface BasketIntent {
  readonly basketId: string;
  readonly accountId: string;
  readonly legs: readonly TradeIntent[];
  /** A leg not filled within this time fails the basket. */
  readonly timeoutMs: number;
  readonly correlationId: string;
  readonly ts: number;
  readonly reason: string;
}
