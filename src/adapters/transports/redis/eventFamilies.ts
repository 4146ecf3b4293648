import type { EventType } from '../../../core/index.js';

/**
 * Stream families: the event catalog's families (one per catalog file) plus `market` for bars and ticks, which
 * travel as market messages rather than event envelopes.
 */
export const STREAM_FAMILIES = ['signal', 'risk', 'order', 'portfolio', 'runtime', 'system', 'market'] as const;
export type StreamFamily = (typeof STREAM_FAMILIES)[number];

/** Highest first: a consumer drains every CRITICAL stream before it reads HIGH, and so on down to LOW. */
export const STREAM_PRIORITIES = ['CRITICAL', 'HIGH', 'NORMAL', 'LOW'] as const;
export type StreamPriority = (typeof STREAM_PRIORITIES)[number];

/** Where a message travels: its family's streams of one priority. */
export interface StreamRoute {
  readonly family: StreamFamily;
  readonly priority: StreamPriority;
}

const route = (family: StreamFamily, priority: StreamPriority): StreamRoute => Object.freeze({ family, priority });

const SIGNAL = route('signal', 'NORMAL');
const RISK_DECISION = route('risk', 'HIGH');
const RISK_STATE = route('risk', 'CRITICAL');
const ORDER = route('order', 'HIGH');
const PORTFOLIO = route('portfolio', 'NORMAL');
const RUNTIME_CATALOG = route('runtime', 'NORMAL');
const RUNTIME_BROKER = route('runtime', 'CRITICAL');
const RUNTIME_TICK = route('runtime', 'LOW');
const SYSTEM = route('system', 'NORMAL');
const SYSTEM_CRITICAL = route('system', 'CRITICAL');
const SYSTEM_AUDIT = route('system', 'LOW');

/** Bars and ticks: the bulk of the traffic, overtaken by everything else. */
export const MARKET_ROUTE: StreamRoute = route('market', 'LOW');

/**
 * The family and priority of every event type (the Record type makes a new catalog entry a compile error here).
 * Events that must stay in order with each other share a priority: BrokerSessionRestored travels with
 * BrokerSessionExpired, and ReconciliationResolved with ReconciliationMismatch, so a later "restored" or
 * "resolved" can never overtake the event it answers.
 */
export const EVENT_FAMILIES: Readonly<Record<EventType, StreamRoute>> = {
  SignalGenerated: SIGNAL,
  SignalReceived: SIGNAL,
  SignalIgnored: SIGNAL,
  TradeIntentCreated: SIGNAL,
  SignalRefused: SIGNAL,
  RiskApproved: RISK_DECISION,
  RiskRejected: RISK_DECISION,
  BasketApproved: RISK_DECISION,
  BasketRejected: RISK_DECISION,
  TradingStateChanged: RISK_STATE,
  RiskLimitBreached: RISK_STATE,
  RiskConfigChanged: RISK_STATE,
  OrderSubmitted: ORDER,
  OrderInitialized: ORDER,
  OrderDenied: ORDER,
  OrderSliced: ORDER,
  OrderAccepted: ORDER,
  OrderRejected: ORDER,
  OrderFilled: ORDER,
  OrderCancelRequested: ORDER,
  OrderCanceled: ORDER,
  OrderCancelRejected: ORDER,
  OrderReplaceRequested: ORDER,
  OrderReplaced: ORDER,
  OrderReplaceRejected: ORDER,
  OrderExpired: ORDER,
  OrderTransitionRefused: ORDER,
  OrderReconciliationNeeded: ORDER,
  OrderReconciled: ORDER,
  BracketChildrenActivated: ORDER,
  BracketDisarmed: ORDER,
  BasketSubmitted: ORDER,
  BasketCompleted: ORDER,
  BasketUnwindStarted: ORDER,
  BasketFailed: ORDER,
  PositionChanged: PORTFOLIO,
  AccountUpdated: PORTFOLIO,
  SessionRegimeChanged: RUNTIME_TICK,
  StrategyRegistered: RUNTIME_CATALOG,
  StrategyActivated: RUNTIME_CATALOG,
  StrategyDeactivated: RUNTIME_CATALOG,
  StrategyParametersChanged: RUNTIME_CATALOG,
  BrokerSessionExpired: RUNTIME_BROKER,
  BrokerSessionRestored: RUNTIME_BROKER,
  ErrorRaised: SYSTEM,
  ReconciliationMismatch: SYSTEM_CRITICAL,
  ReconciliationResolved: SYSTEM_CRITICAL,
  UserActionRecorded: SYSTEM_AUDIT,
};

/** Rank of a priority, 0 for CRITICAL. */
export function priorityRank(priority: StreamPriority): number {
  return STREAM_PRIORITIES.indexOf(priority);
}
