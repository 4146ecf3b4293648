import { addFixed, subFixed } from '../core/index.js';
import type { EventPayloads, Instrument, Order, OrderReport } from '../core/index.js';
import type { OrderEventType } from './evolveOrder.js';

/** An order event still to be built: its type, payload and deterministic idempotency key. */
export type PendingOrderEvent = {
  [K in OrderEventType]: { readonly type: K; readonly payload: EventPayloads[K]; readonly idempotencyKey: string };
}[OrderEventType];

type FillReport = Extract<OrderReport, { kind: 'filled' }>;

/**
 * The Order* event a broker report stands for. Idempotency keys depend only on the report, so a report
 * delivered twice yields the same key (`fill:<fillId>`, `order:<id>:accepted`, `order:<id>:canceled`, …;
 * reports that can recur on one order carry the report's time).
 */
export function reportEvent(report: Exclude<OrderReport, FillReport>, order: Order): PendingOrderEvent {
  const clientOrderId = report.clientOrderId;
  const prefix = `order:${clientOrderId}`;
  switch (report.kind) {
    case 'accepted':
      return { type: 'OrderAccepted', payload: { clientOrderId, brokerOrderId: report.brokerOrderId }, idempotencyKey: `${prefix}:accepted` };
    case 'rejected':
      return { type: 'OrderRejected', payload: { clientOrderId, reason: report.reason }, idempotencyKey: `${prefix}:rejected` };
    case 'canceled':
      return { type: 'OrderCanceled', payload: { clientOrderId, reason: report.reason }, idempotencyKey: `${prefix}:canceled` };
    case 'cancelRejected':
      return { type: 'OrderCancelRejected', payload: { clientOrderId, reason: report.reason }, idempotencyKey: `${prefix}:cancel-rejected:${report.ts}` };
    case 'replaced': {
      const { quantity, limitPrice, stopPrice } = report.changes;
      const payload: EventPayloads['OrderReplaced'] = {
        clientOrderId,
        quantity: quantity ?? order.quantity,
        ...(limitPrice !== undefined ? { limitPrice } : order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
        ...(stopPrice !== undefined ? { stopPrice } : order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
      };
      return { type: 'OrderReplaced', payload, idempotencyKey: `${prefix}:replaced:${report.ts}` };
    }
    case 'replaceRejected':
      return { type: 'OrderReplaceRejected', payload: { clientOrderId, reason: report.reason }, idempotencyKey: `${prefix}:replace-rejected:${report.ts}` };
    case 'expired':
      return { type: 'OrderExpired', payload: { clientOrderId }, idempotencyKey: `${prefix}:expired` };
  }
}

/** OrderFilled for a fill report: who, what, at what price, commission in the instrument's currency, what remains. */
export function fillEvent(report: FillReport, order: Order, instrument: Instrument): PendingOrderEvent {
  const precision = instrument.quantityPrecision;
  const leavesQuantity = subFixed(order.quantity, addFixed(order.filledQuantity, report.quantity, precision), precision);
  return {
    type: 'OrderFilled',
    payload: {
      clientOrderId: order.clientOrderId, fillId: report.fillId, accountId: order.accountId, strategyId: order.strategyId,
      instrumentId: order.instrumentId, side: order.side, quantity: report.quantity, price: report.price,
      commissionMinor: report.commissionMinor, currency: instrument.currency, leavesQuantity, fillTs: report.ts,
    },
    idempotencyKey: `fill:${report.fillId}`,
  };
}
