import type { BrokerOrderState, EventPayloads, Order } from '../core/index.js';

/** How reconciliation settles one order: the Order* event that resolves it, and a note for OrderReconciled. */
export type Resolution =
  | { readonly type: 'OrderAccepted'; readonly payload: EventPayloads['OrderAccepted']; readonly resolution: string }
  | { readonly type: 'OrderRejected'; readonly payload: EventPayloads['OrderRejected']; readonly resolution: string }
  | { readonly type: 'OrderCanceled'; readonly payload: EventPayloads['OrderCanceled']; readonly resolution: string }
  | { readonly type: 'OrderCancelRejected'; readonly payload: EventPayloads['OrderCancelRejected']; readonly resolution: string }
  | { readonly type: 'OrderReplaced'; readonly payload: EventPayloads['OrderReplaced']; readonly resolution: string }
  | { readonly type: 'OrderReplaceRejected'; readonly payload: EventPayloads['OrderReplaceRejected']; readonly resolution: string }
  | { readonly type: 'none'; readonly resolution: string };

/**
 * The pure `decide` of reconciliation for an order whose broker call had no known outcome, given what the
 * broker lists as open (`atBroker`, undefined when it is not open there). Open at the broker: a submit was
 * taken (accepted), a cancel was not (cancel rejected), a replace took effect if the broker's quantity
 * differs. Not open there: a submit never arrived (rejected), a cancel or replace ended the order
 * (canceled). Returns undefined while the broker shows fills we have no report of: those come as fill
 * reports, never guessed, so the order stays marked until they do.
 */
export function reconcileOrder(order: Order, atBroker: BrokerOrderState | undefined): Resolution | undefined {
  const clientOrderId = order.clientOrderId;
  if (atBroker !== undefined && atBroker.filledQuantity !== order.filledQuantity) return undefined;
  switch (order.status) {
    case 'SUBMITTED':
      return atBroker !== undefined
        ? { type: 'OrderAccepted', payload: { clientOrderId, brokerOrderId: atBroker.brokerOrderId }, resolution: 'open at the broker' }
        : { type: 'OrderRejected', payload: { clientOrderId, reason: 'not open at the broker at reconciliation' }, resolution: 'unknown to the broker' };
    case 'PENDING_CANCEL':
      return atBroker !== undefined
        ? { type: 'OrderCancelRejected', payload: { clientOrderId, reason: 'still open at the broker at reconciliation' }, resolution: 'cancel not taken' }
        : { type: 'OrderCanceled', payload: { clientOrderId, reason: 'closed at the broker (reconciled)' }, resolution: 'cancel taken' };
    case 'PENDING_REPLACE':
      if (atBroker === undefined) return { type: 'OrderCanceled', payload: { clientOrderId, reason: 'closed at the broker (reconciled)' }, resolution: 'order gone' };
      return atBroker.quantity !== order.quantity
        ? {
            type: 'OrderReplaced',
            payload: {
              clientOrderId, quantity: atBroker.quantity,
              ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
              ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
            },
            resolution: 'replace taken (quantity as the broker shows it)',
          }
        : { type: 'OrderReplaceRejected', payload: { clientOrderId, reason: 'unchanged at the broker at reconciliation' }, resolution: 'replace not taken' };
    default:
      return { type: 'none', resolution: `settled by a broker report (${order.status})` };
  }
}
