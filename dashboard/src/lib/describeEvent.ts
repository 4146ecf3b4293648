import { formatMinorOf } from './catalog.js';
import type { AnyEvent } from './types.js';

const MAX_FALLBACK_CHARS = 160;

/** One line a person reads in a log or a trade's story: what happened, with the numbers that matter. */
export function describeEvent(event: AnyEvent): string {
  switch (event.type) {
    case 'SignalGenerated':
    case 'SignalReceived': {
      const s = event.payload.signal;
      return `${s.action} ${s.instrumentId} by ${s.strategyId} (${s.origin}, confidence ${s.confidence})${s.reason ? `: ${s.reason}` : ''}`;
    }
    case 'SignalIgnored':
      return `${event.payload.strategyId} ${event.payload.instrumentId} ignored: ${event.payload.reason}`;
    case 'SignalRefused':
      return `${event.payload.origin} signal refused: ${event.payload.reason}`;
    case 'TradeIntentCreated': {
      const i = event.payload.intent;
      return `${i.side} ${i.quantity} ${i.instrumentId} ${i.orderType} for ${i.strategyId}`;
    }
    case 'RiskApproved':
      return `approved ${event.payload.quantity}${event.payload.resizedBy ? ` (resized by ${event.payload.resizedBy})` : ''}`;
    case 'RiskRejected':
      return `rejected by ${event.payload.rule}: ${event.payload.reason}`;
    case 'TradingStateChanged':
      return `${event.payload.from} → ${event.payload.to} by ${event.payload.by}: ${event.payload.reason}`;
    case 'RiskLimitBreached':
      return `${event.payload.rule} breached (${event.payload.observed} vs ${event.payload.limit}) → ${event.payload.action}`;
    case 'OrderSubmitted':
    case 'OrderInitialized':
    case 'OrderDenied': {
      const o = event.payload.order;
      const price = o.limitPrice !== undefined ? ` @ ${o.limitPrice}` : '';
      return `${o.side} ${o.quantity} ${o.instrumentId} ${o.type}${price} (${o.clientOrderId})${o.reason ? `: ${o.reason}` : ''}`;
    }
    case 'OrderAccepted':
      return `${event.payload.clientOrderId} accepted as ${event.payload.brokerOrderId}`;
    case 'OrderFilled': {
      const f = event.payload;
      return `${f.side} ${f.quantity} ${f.instrumentId} @ ${f.price} (${f.clientOrderId}, ${f.leavesQuantity} left)`;
    }
    case 'OrderRejected':
    case 'OrderCanceled':
    case 'OrderCancelRejected':
      return `${event.payload.clientOrderId}: ${event.payload.reason}`;
    case 'OrderCancelRequested':
      return `cancel ${event.payload.clientOrderId}${event.payload.by ? ` by ${event.payload.by}` : ''}: ${event.payload.reason}`;
    case 'PositionChanged': {
      const p = event.payload.position;
      return `${p.instrumentId} [${p.strategyId}] ${p.quantity} @ ${p.avgPrice}`;
    }
    case 'AccountUpdated':
      return `cash ${formatMinorOf(event.payload.account.cashMinor, event.payload.account.currency)} ${event.payload.account.currency}`;
    case 'StrategyRegistered':
      return `${event.payload.strategyId} (${event.payload.strategy}) registered by ${event.payload.by}`;
    case 'StrategyActivated':
    case 'StrategyDeactivated':
      return `${event.payload.strategyId} by ${event.payload.by}${event.payload.reason ? `: ${event.payload.reason}` : ''}`;
    case 'StrategyParametersChanged':
      return `${event.payload.strategyId} params ${JSON.stringify(event.payload.params)} by ${event.payload.by}`;
    case 'UserActionRecorded':
      return `${event.payload.username} (${event.payload.role}) ${event.payload.action} ${event.payload.target} → ${event.payload.outcome}`;
    case 'ErrorRaised':
      return `${event.payload.component} ${event.payload.code}: ${event.payload.message}`;
    case 'SessionRegimeChanged':
      return `${event.payload.exchange} ${event.payload.from} → ${event.payload.to}`;
    default: {
      const text = JSON.stringify(event.payload);
      return text.length > MAX_FALLBACK_CHARS ? `${text.slice(0, MAX_FALLBACK_CHARS)}…` : text;
    }
  }
}

/** A family colour for the event's type tag. */
export function eventFamily(type: string): string {
  if (type.startsWith('Signal') || type === 'TradeIntentCreated') return 'signal';
  if (type.startsWith('Risk') || type === 'TradingStateChanged' || type.startsWith('Basket')) return 'risk';
  if (type.startsWith('Order') || type.startsWith('Bracket')) return 'order';
  if (type === 'PositionChanged' || type === 'AccountUpdated') return 'portfolio';
  if (type === 'ErrorRaised' || type.startsWith('Reconciliation')) return 'error';
  return 'system';
}
