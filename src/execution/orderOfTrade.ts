import type { ApprovedTrade, Order } from '../core/index.js';
import { clientOrderIdOf } from './clientOrderId.js';

/** The order an approved trade becomes: its id is the intent id, its quantity what risk approved. */
export function orderOfTrade(trade: ApprovedTrade, nowMs: number): Order {
  const intent = trade.intent;
  const order: { -readonly [K in keyof Order]: Order[K] } = {
    clientOrderId: clientOrderIdOf(intent.intentId), intentId: intent.intentId, accountId: intent.accountId, strategyId: intent.strategyId,
    instrumentId: intent.instrumentId, side: intent.side, type: intent.orderType, quantity: trade.quantity,
    timeInForce: intent.timeInForce, status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
    correlationId: intent.correlationId, reduceOnly: intent.reduceOnly, createdTs: nowMs, updatedTs: nowMs,
  };
  if (intent.limitPrice !== undefined) order.limitPrice = intent.limitPrice;
  if (intent.stopPrice !== undefined) order.stopPrice = intent.stopPrice;
  if (intent.trailingOffset !== undefined) order.trailingOffset = intent.trailingOffset;
  return order;
}
