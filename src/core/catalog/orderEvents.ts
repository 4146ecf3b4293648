import type { Order, OrderSide, OrderStatus } from '../order.js';

/** A bracket child as BracketChildrenActivated reports it. */
export interface BracketChildSpec {
  readonly clientOrderId: string;
  readonly role: 'TAKE_PROFIT' | 'STOP_LOSS';
  readonly quantity: number;
}

/** The broker call whose outcome is unknown (it threw or no report came within the timeout). */
export type BrokerAction = 'submit' | 'cancel' | 'modify';

/** The order lifecycle (see orderMachine.ts for the transitions these drive), brackets and baskets. */
export interface OrderEventPayloads {
  OrderSubmitted: { readonly order: Order };
  /** Created but not yet sent (waiting for the broker's rate budget); status INITIALIZED. */
  OrderInitialized: { readonly order: Order };
  /** Refused before it reached the broker (trading state, unknown instrument…); status REJECTED with the reason. */
  OrderDenied: { readonly order: Order };
  /** A parent order split into slices (status INITIALIZED) no larger than the freeze quantity; the parent's state is derived from them. */
  OrderSliced: { readonly parent: Order; readonly slices: readonly Order[] };
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
  /** `by`: who asked (a user, a rule, the kill switch, the engine's own OCO or basket logic). */
  OrderCancelRequested: { readonly clientOrderId: string; readonly reason: string; readonly by?: string };
  OrderCanceled: { readonly clientOrderId: string; readonly reason: string };
  OrderCancelRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderReplaceRequested: { readonly clientOrderId: string; readonly quantity?: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaced: { readonly clientOrderId: string; readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number };
  OrderReplaceRejected: { readonly clientOrderId: string; readonly reason: string };
  OrderExpired: { readonly clientOrderId: string };
  OrderTransitionRefused: { readonly clientOrderId: string; readonly status: string; readonly attempted: string; readonly reason: string };
  /** A broker call's outcome is unknown: the order stays in its pending state until `reconcile` resolves it. */
  OrderReconciliationNeeded: { readonly clientOrderId: string; readonly action: BrokerAction; readonly reason: string };
  /** Reconciliation settled the order against the broker's view (the resolving Order* event comes first). */
  OrderReconciled: { readonly clientOrderId: string; readonly status: OrderStatus; readonly resolution: string };
  /** Take-profit / stop-loss children sent for the filled part of an entry (on its first fill, and as later fills grow it). */
  BracketChildrenActivated: { readonly entryId: string; readonly entryFilledQuantity: number; readonly children: readonly BracketChildSpec[] };
  /** The bracket stops managing its children (a child was canceled or rejected by someone else, or trading halted). */
  BracketDisarmed: { readonly entryId: string; readonly reason: string };
  /** All legs of a basket sent (or queued for the rate budget); `deadlineMs` is when unfilled legs fail it. */
  BasketSubmitted: { readonly basketId: string; readonly accountId: string; readonly legs: readonly string[]; readonly timeoutMs: number; readonly deadlineMs: number };
  BasketCompleted: { readonly basketId: string };
  /** A leg failed: open legs are being canceled; what filled is flattened once every leg is closed. */
  BasketUnwindStarted: { readonly basketId: string; readonly reason: string };
  /** The basket failed; `unwound`: everything that filled was flattened (false when flattening was refused or failed). */
  BasketFailed: { readonly basketId: string; readonly reason: string; readonly unwound: boolean; readonly unwindOrders: readonly string[] };
}

export const ORDER_EVENT_VERSIONS: Readonly<Record<keyof OrderEventPayloads, number>> = {
  OrderSubmitted: 1,
  OrderInitialized: 1,
  OrderDenied: 1,
  OrderSliced: 1,
  OrderAccepted: 1,
  OrderRejected: 1,
  OrderFilled: 1,
  OrderCancelRequested: 2,
  OrderCanceled: 1,
  OrderCancelRejected: 1,
  OrderReplaceRequested: 1,
  OrderReplaced: 1,
  OrderReplaceRejected: 1,
  OrderExpired: 1,
  OrderTransitionRefused: 1,
  OrderReconciliationNeeded: 1,
  OrderReconciled: 1,
  BracketChildrenActivated: 1,
  BracketDisarmed: 1,
  BasketSubmitted: 1,
  BasketCompleted: 1,
  BasketUnwindStarted: 1,
  BasketFailed: 1,
};
