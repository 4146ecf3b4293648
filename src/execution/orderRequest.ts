import type { Order, OrderRequest } from '../core/index.js';

/**
 * What execution sends to `Broker.submit`. Core's OrderRequest has no field for a trailing stop's distance
 * yet, so it rides along as an extra property a broker that simulates trailing stops reads (the paper
 * broker does); proposed for core's OrderRequest.
 */
export type BrokerOrderRequest = OrderRequest & { readonly trailingOffset?: number };

export function orderRequestOf(order: Order): BrokerOrderRequest {
  const request: { -readonly [K in keyof BrokerOrderRequest]: BrokerOrderRequest[K] } = {
    clientOrderId: order.clientOrderId, accountId: order.accountId, instrumentId: order.instrumentId, side: order.side,
    type: order.type, quantity: order.quantity, timeInForce: order.timeInForce,
  };
  if (order.limitPrice !== undefined) request.limitPrice = order.limitPrice;
  if (order.stopPrice !== undefined) request.stopPrice = order.stopPrice;
  if (order.trailingOffset !== undefined) request.trailingOffset = order.trailingOffset;
  return request;
}
