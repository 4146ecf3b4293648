import type { Order, OrderRequest } from '../core/index.js';

/** What execution sends to `Broker.submit` (kept as an alias for the adapters that name it). */
export type BrokerOrderRequest = OrderRequest;

/** The broker request for an order (its live fields only). */
export function orderRequestOf(order: Order): OrderRequest {
  const request: { -readonly [K in keyof OrderRequest]: OrderRequest[K] } = {
    clientOrderId: order.clientOrderId, accountId: order.accountId, instrumentId: order.instrumentId, side: order.side,
    type: order.type, quantity: order.quantity, timeInForce: order.timeInForce,
  };
  if (order.limitPrice !== undefined) request.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined) request.stopPrice = order.stopPrice;
  if (order.trailingOffset !== undefined) request.trailingOffset = order.trailingOffset;
  return request;
}
