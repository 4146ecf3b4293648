import { decimalsOf, fromUnits, nextOrderStatus, toUnits } from '../core/index.js';
import type { AnyEvent, EventEnvelope, Order, OrderEventKind, OrderStatus } from '../core/index.js';
import { orderWith } from './orderWith.js';

/** The events that change one order, in the order the lifecycle meets them. */
export const ORDER_EVENT_TYPES = [
  'OrderInitialized', 'OrderDenied', 'OrderSubmitted', 'OrderAccepted', 'OrderRejected', 'OrderFilled', 'OrderCancelRequested',
  'OrderCanceled', 'OrderCancelRejected', 'OrderReplaceRequested', 'OrderReplaced', 'OrderReplaceRejected', 'OrderExpired',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];
export type OrderEvent = Extract<AnyEvent, { type: OrderEventType }>;

/**
 * The state-machine kind of each order event (a fill is FILL or PARTIAL_FILL depending on what remains).
 * OrderInitialized creates an order without a transition; OrderDenied creates one and rejects it at once.
 */
export const ORDER_EVENT_KIND: Readonly<Record<OrderEventType, OrderEventKind>> = {
  OrderInitialized: 'SUBMIT', OrderDenied: 'REJECT', OrderSubmitted: 'SUBMIT', OrderAccepted: 'ACCEPT', OrderRejected: 'REJECT',
  OrderFilled: 'FILL', OrderCancelRequested: 'CANCEL_REQUEST', OrderCanceled: 'CANCEL', OrderCancelRejected: 'CANCEL_REJECT',
  OrderReplaceRequested: 'REPLACE_REQUEST', OrderReplaced: 'REPLACE', OrderReplaceRejected: 'REPLACE_REJECT', OrderExpired: 'EXPIRE',
};

export function isOrderEvent(event: AnyEvent): event is OrderEvent {
  return Object.hasOwn(ORDER_EVENT_KIND, event.type);
}

export type EvolveResult =
  | { readonly ok: true; readonly order: Order }
  | { readonly ok: false; readonly status: OrderStatus | 'UNKNOWN'; readonly attempted: OrderEventKind; readonly reason: string };

export type QuantityPrecisionOf = (instrumentId: string) => number | undefined;

const INITIAL = { status: 'INITIALIZED', filledQuantity: 0 } as const;

function refuse(order: Order | undefined, attempted: OrderEventKind, reason: string): EvolveResult {
  return { ok: false, status: order?.status ?? 'UNKNOWN', attempted, reason };
}

/** OrderInitialized / OrderDenied / OrderSubmitted: the order in the payload, in the status its creation reaches. */
function create(order: Order | undefined, event: Extract<OrderEvent, { type: 'OrderInitialized' | 'OrderDenied' | 'OrderSubmitted' }>): EvolveResult {
  const kind = ORDER_EVENT_KIND[event.type];
  const given = event.payload.order;
  if (!(given.quantity > 0)) return refuse(order, kind, `order quantity must be > 0, got ${given.quantity}`);
  if (event.type === 'OrderInitialized') {
    if (order !== undefined) return refuse(order, kind, `order ${given.clientOrderId} already exists (${order.status})`);
    return { ok: true, order: orderWith(given, 'INITIALIZED', 0, 0, event.ts, given.quantity, given.brokerOrderId, given.reason) };
  }
  if (event.type === 'OrderDenied' && order !== undefined) return refuse(order, kind, `order ${given.clientOrderId} already exists (${order.status})`);
  const next = nextOrderStatus(order ?? INITIAL, kind);
  if (!next.ok) return refuse(order, kind, `order ${given.clientOrderId} already exists: ${next.reason}`);
  return { ok: true, order: orderWith(given, next.status, 0, 0, event.ts, given.quantity, given.brokerOrderId, given.reason) };
}

/**
 * The pure `evolve` of one order: the order after `event`, or why the event cannot apply. Transitions come
 * only from core's table (`nextOrderStatus`); quantities are summed in integer units of the instrument grid.
 */
export function evolveOrder(order: Order | undefined, event: OrderEvent, quantityPrecisionOf?: QuantityPrecisionOf): EvolveResult {
  if (event.type === 'OrderSubmitted' || event.type === 'OrderInitialized' || event.type === 'OrderDenied') return create(order, event);
  const kind = ORDER_EVENT_KIND[event.type];
  if (order === undefined) return refuse(undefined, kind, `unknown order ${event.payload.clientOrderId}`);
  if (event.type === 'OrderFilled') return applyFill(order, event, quantityPrecisionOf);

  const next = nextOrderStatus(order, kind);
  if (!next.ok) return refuse(order, kind, next.reason);
  const status = next.status;
  const updatedTs = event.ts;
  switch (event.type) {
    case 'OrderAccepted':
      return { ok: true, order: orderWith(order, status, order.filledQuantity, order.avgFillPrice, updatedTs, order.quantity, event.payload.brokerOrderId, order.reason) };
    case 'OrderRejected':
    case 'OrderCanceled':
    case 'OrderCancelRejected':
    case 'OrderReplaceRejected':
      return { ok: true, order: orderWith(order, status, order.filledQuantity, order.avgFillPrice, updatedTs, order.quantity, order.brokerOrderId, event.payload.reason) };
    case 'OrderReplaced': {
      const { quantity, limitPrice, stopPrice } = event.payload;
      if (!(quantity > order.filledQuantity)) {
        return refuse(order, kind, `replaced quantity ${quantity} must exceed the filled quantity ${order.filledQuantity}`);
      }
      return {
        ok: true,
        order: orderWith(order, status, order.filledQuantity, order.avgFillPrice, updatedTs, quantity, order.brokerOrderId, order.reason, limitPrice ?? order.limitPrice, stopPrice ?? order.stopPrice),
      };
    }
    case 'OrderCancelRequested':
    case 'OrderReplaceRequested':
    case 'OrderExpired':
      return { ok: true, order: orderWith(order, status, order.filledQuantity, order.avgFillPrice, updatedTs, order.quantity, order.brokerOrderId, order.reason) };
  }
}

function applyFill(order: Order, event: EventEnvelope<'OrderFilled'>, quantityPrecisionOf?: QuantityPrecisionOf): EvolveResult {
  const fill = event.payload;
  if (fill.instrumentId !== order.instrumentId || fill.side !== order.side) {
    return refuse(order, 'FILL', `fill ${fill.fillId} (${fill.side} ${fill.instrumentId}) does not match order (${order.side} ${order.instrumentId})`);
  }
  const precision = quantityPrecisionOf?.(order.instrumentId)
    ?? Math.max(decimalsOf(order.quantity), decimalsOf(order.filledQuantity), decimalsOf(fill.quantity));
  const fillUnits = toUnits(fill.quantity, precision);
  if (!(fillUnits > 0)) return refuse(order, 'PARTIAL_FILL', `fill ${fill.fillId} quantity must be > 0, got ${fill.quantity}`);
  const filledUnits = toUnits(order.filledQuantity, precision);
  const totalUnits = toUnits(order.quantity, precision);
  const newFilledUnits = filledUnits + fillUnits;
  const kind: OrderEventKind = newFilledUnits >= totalUnits ? 'FILL' : 'PARTIAL_FILL';
  if (newFilledUnits > totalUnits) {
    return refuse(order, kind, `fill ${fill.fillId} of ${fill.quantity} overfills order ${order.clientOrderId} (${order.filledQuantity} of ${order.quantity} filled)`);
  }
  const next = nextOrderStatus(order, kind);
  if (!next.ok) return refuse(order, kind, next.reason);
  // Volume-weighted average for display only; money is computed per fill, exactly, downstream.
  const avgFillPrice = (order.avgFillPrice * filledUnits + fill.price * fillUnits) / newFilledUnits;
  return {
    ok: true,
    order: orderWith(order, next.status, fromUnits(newFilledUnits, precision), avgFillPrice, event.ts, order.quantity, order.brokerOrderId, order.reason),
  };
}
