import type { AnyEvent, Logger } from '../../core/index.js';
import type { TradingNode } from '../createNode.js';

/** One log line per thing a person watching cares about: signals, risk rejections, fills. */
export function logTrading(node: TradingNode, logger: Logger): void {
  const line = (event: AnyEvent): Logger => logger.child({ component: event.source, correlationId: event.correlationId });
  node.bus.subscribe('SignalGenerated', (e) => line(e).info({ strategy: e.payload.signal.strategyId, instrument: e.payload.signal.instrumentId, action: e.payload.signal.action }, e.payload.signal.reason));
  node.bus.subscribe('RiskRejected', (e) => line(e).warn({ rule: e.payload.rule, limit: e.payload.limit, observed: e.payload.observed }, `risk rejected: ${e.payload.reason}`));
  node.bus.subscribe('OrderFilled', (e) => line(e).info({ order: e.payload.clientOrderId, side: e.payload.side, quantity: e.payload.quantity, price: e.payload.price }, `filled ${e.payload.side} ${e.payload.quantity} ${e.payload.instrumentId} @ ${e.payload.price}`));
  node.bus.subscribe('ErrorRaised', (e) => line(e).error({ code: e.payload.code }, e.payload.message));
}
