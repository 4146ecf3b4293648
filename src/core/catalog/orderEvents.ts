import type { Order, OrderSide } from '../order.js';

/** The order lifecycle (see orderMachine.ts for the transitions these drive). */
export interface OrderEventPayloads {
  OrderSubmitted: { readonly order: Order };
  OrderAccepted: { readonly clientOrderId: string; readonly brokerOrderId: string };
  OrderRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderFilled: {
    readonly clientOrderId: string;
    readonly fillId: string;
    readonly accountId: string;
    readonly strategyId: string;
    readonly instrumentId: string;
    readonly side: OrderSide;
    readonly quantity: number;
    readonly price: number;
    readonly commissionMinor: number;
    readonly currency: string;
    readonly leavesQuantity: number;
    /** Market time of the fill (e.g. the open of the bar it filled on). */
    readonly fillTs: number;
  };
  OrderCancelRequested: { readonly clientOrderId: string; readonly reason: string };
  OrderCanceled: { readonly clientOrderId: string; readonly reason: string };
  OrderCancelRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderReplaceRequested: { readonly clientOrderId: string; readonly quantity?: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaced: { readonly clientOrderId: string; readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaceRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderExpired: { readonly clientOrderId: string };
  OrderTransitionRefused: { readonly clientOrderId: string; readonly status: string; readonly attempted: string; readonly reason: string };
}

export const ORDER_EVENT_VERSIONS: Readonly<Record<keyof OrderEventPayloads, number>> = {
  OrderSubmitted: 1,
  OrderAccepted: 1,
  OrderRejected: 1,
  OrderFilled: 1,
  OrderCancelRequested: 1,
  OrderCanceled: 1,
  OrderCancelRejected: 1,
  OrderReplaceRequested: 1,
  OrderReplaced: 1,
  OrderReplaceRejected: 1,
  OrderExpired: 1,
  OrderTransitionRefused: 1,
};
