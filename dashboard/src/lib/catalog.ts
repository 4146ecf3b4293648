/** The core's own lists and money formatting (event types, order statuses, timeframes), so the dashboard never drifts from the server. */
export { EVENT_TYPES, ORDER_STATUSES, TIMEFRAMES, formatMinor as formatMinorOf } from '../../../src/core/index.js';
import type { EventType } from './types.js';

/** Every event about an order's life: the orders page reloads when one arrives. */
export const ORDER_EVENT_TYPES: readonly EventType[] = [
  'OrderInitialized', 'OrderSubmitted', 'OrderDenied', 'OrderSliced', 'OrderAccepted', 'OrderRejected', 'OrderFilled',
  'OrderCancelRequested', 'OrderCanceled', 'OrderCancelRejected', 'OrderReplaced', 'OrderReplaceRejected', 'OrderExpired',
  'OrderReconciled',
];

/** The signals a strategies page shows live. */
export const SIGNAL_EVENT_TYPES: readonly EventType[] = ['SignalGenerated', 'SignalReceived', 'SignalIgnored', 'SignalRefused'];

export const STRATEGY_EVENT_TYPES: readonly EventType[] = ['StrategyRegistered', 'StrategyActivated', 'StrategyDeactivated', 'StrategyParametersChanged'];

export const RISK_EVENT_TYPES: readonly EventType[] = ['RiskRejected', 'RiskLimitBreached', 'TradingStateChanged', 'RiskConfigChanged', 'BasketRejected'];
