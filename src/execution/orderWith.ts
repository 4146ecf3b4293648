import type { Order, OrderStatus } from '../core/index.js';

type MutableOrder = { -readonly [K in keyof Order]: Order[K] };

/**
 * The order after a transition: `order` with the fields that move, as a new object. Written out field by field —
 * the required fields in one fixed order, then the optional ones that are present — so the registry's orders
 * share a handful of shapes (hidden classes) whatever built them, and the code that reads orders stays
 * monomorphic. A spread (`{ ...order, status }`) mints a new shape per source shape, which made every reader of
 * orders megamorphic: slow property loads and runtime misses on the order path. The changes are positional
 * (no options object, whose own varying shapes would bring the same problem back); pass the order's own value
 * for what does not change.
 */
export function orderWith(
  order: Order,
  status: OrderStatus,
  filledQuantity: number,
  avgFillPrice: number,
  updatedTs: number,
  quantity: number,
  brokerOrderId: string | undefined,
  reason: string | undefined,
  limitPrice: number | undefined = order.limitPrice,
  stopPrice: number | undefined = order.stopPrice,
): Order {
  const next: MutableOrder = {
    clientOrderId: order.clientOrderId, intentId: order.intentId, accountId: order.accountId, strategyId: order.strategyId,
    instrumentId: order.instrumentId, side: order.side, type: order.type, quantity, timeInForce: order.timeInForce, status,
    filledQuantity, avgFillPrice, correlationId: order.correlationId, reduceOnly: order.reduceOnly, createdTs: order.createdTs, updatedTs,
  };
  if (limitPrice !== undefined) next.limitPrice = limitPrice;
  if (stopPrice !== undefined) next.stopPrice = stopPrice;
  if (order.trailingOffset !== undefined) next.trailingOffset = order.trailingOffset;
  if (order.parentId !== undefined) next.parentId = order.parentId;
  if (brokerOrderId !== undefined) next.brokerOrderId = brokerOrderId;
  if (reason !== undefined) next.reason = reason;
  return next;
}
