import type { AnyEvent, ApprovedTrade, Bar, EventEnvelope, EventType, Tick, Timeframe, TradeIntent } from '../core/index.js';

/**
 * The one list of topic and endpoint names. Event topics are the event type names of the core catalog;
 * market data has its own topics. Nothing else in the code base spells a topic or endpoint as a string.
 */
export const TOPICS = {
  bar: 'data.bar',
  tick: 'data.tick',
} as const;

export const ENDPOINTS = {
  /** TradeIntent in; the risk engine decides. */
  riskEvaluate: 'RiskEngine.evaluate',
  /** ApprovedTrade in; only trades minted by the risk engine are executed. */
  executionExecute: 'ExecutionEngine.execute',
  /** Cancel an open order. */
  executionCancel: 'ExecutionEngine.cancel',
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

export type DataTopicMessages = {
  'data.bar': Bar;
  'data.tick': Tick;
};

export type EventTopicMessages = { [K in EventType]: EventEnvelope<K> };

export type TopicMessages = DataTopicMessages & EventTopicMessages;
export type Topic = keyof TopicMessages;

export type EndpointMessages = {
  'RiskEngine.evaluate': TradeIntent;
  'ExecutionEngine.execute': ApprovedTrade;
  'ExecutionEngine.cancel': CancelRequest;
  'DataEngine.subscribeBars': BarSubscription;
};
export type Endpoint = keyof EndpointMessages;

export type AnyEventHandler = (event: AnyEvent) => void;
