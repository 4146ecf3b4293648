import type { AnyEvent, ApprovedBasket, ApprovedTrade, Bar, BasketIntent, TimeRegime, EventEnvelope, EventType, Tick, Timeframe, TradeIntent } from '../core/index.js';

/**
 * The one list of topic and endpoint names. Event topics are the event type names of the core catalog;
 * market data has its own topics. Nothing else in the code base spells a topic or endpoint as a string.
 */
export const TOPICS = {
  bar: 'data.bar',
  tick: 'data.tick',
  /** Once a second per exchange from the session clock (not journaled; regime changes are events). */
  session: 'data.session',
} as const;

export const ENDPOINTS = {
  /** TradeIntent in; the risk engine decides. */
  riskEvaluate: 'RiskEngine.evaluate',
  /** ApprovedTrade in; only trades minted by the risk engine are executed. */
  executionExecute: 'ExecutionEngine.execute',
  /** Cancel an open order. */
  executionCancel: 'ExecutionEngine.cancel',
  /** Cancel every open order (of an account, or all): the kill switch's second half. */
  executionCancelAll: 'ExecutionEngine.cancelAll',
  /** BasketIntent in; the risk engine approves every leg or none. */
  riskEvaluateBasket: 'RiskEngine.evaluateBasket',
  /** ApprovedBasket in: all legs complete or the basket is unwound. */
  executionExecuteBasket: 'ExecutionEngine.executeBasket',
  /** Ask the data engine for bars of a timeframe. */
  dataSubscribeBars: 'DataEngine.subscribeBars',
} as const;

export interface BarSubscription {
  readonly instrumentId: string;
  readonly timeframe: Timeframe;
}

export interface CancelRequest {
  readonly clientOrderId: string;
  readonly reason: string;
}

export interface CancelAllRequest {
  /** Only this account's orders; all accounts when absent. */
  readonly accountId?: string;
  readonly reason: string;
  /** Who asked (user, rule, kill switch): recorded on the events. */
  readonly by: string;
}

export interface SessionTick {
  readonly exchange: string;
  readonly regime: TimeRegime;
  readonly ts: number;
  /** Session bounds when inside one. */
  readonly openMs?: number;
  readonly closeMs?: number;
}

export type DataTopicMessages = {
  'data.bar': Bar;
  'data.tick': Tick;
  'data.session': SessionTick;
};

export type EventTopicMessages = { [K in EventType]: EventEnvelope<K> };

export type TopicMessages = DataTopicMessages & EventTopicMessages;
export type Topic = keyof TopicMessages;

export type EndpointMessages = {
  'RiskEngine.evaluate': TradeIntent;
  'ExecutionEngine.execute': ApprovedTrade;
  'ExecutionEngine.cancel': CancelRequest;
  'ExecutionEngine.cancelAll': CancelAllRequest;
  'RiskEngine.evaluateBasket': BasketIntent;
  'ExecutionEngine.executeBasket': ApprovedBasket;
  'DataEngine.subscribeBars': BarSubscription;
};
export type Endpoint = keyof EndpointMessages;

export type AnyEventHandler = (event: AnyEvent) => void;
