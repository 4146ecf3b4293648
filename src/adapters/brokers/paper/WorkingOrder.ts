import { isOpenStatus, toUnits } from '../../../core/index.js';
import type { BrokerOrderState, Instrument, OrderRequest, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../../core/index.js';

/**
 * A request as the paper broker reads it: core's OrderRequest plus the trailing distance of a TRAILING_STOP,
 * which core's request does not carry yet (execution sends it along).
 */
/** What the paper broker accepts: the core request (trailing stops included). */
export type PaperOrderRequest = OrderRequest;

/** The paper broker's own record of an order: mutable, quantities also held in integer lot-grid units. */
export interface WorkingOrder {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly accountId: string;
  readonly instrument: Instrument;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  quantity: number;
  quantityUnits: number;
  filledQuantity: number;
  filledUnits: number;
  limitPrice: number | undefined;
  /** For a trailing stop: the current stop, moved as the best price improves. */
  stopPrice: number | undefined;
  /** TRAILING_STOP: distance of the stop from the best price since the order went live. */
  readonly trailingOffset: number | undefined;
  /** TRAILING_STOP: best price seen since live (highest for a sell stop, lowest for a buy stop); NaN until the first price. */
  bestPrice: number;
  /** A stop (stop-limit, trailing stop) whose stop price has been reached. */
  triggered: boolean;
  /** DAY orders: market data at or after this time (the session close) expires the order; NaN: never. */
  expireAtMs: number;
  /** Moves only through core's transition table. */
  status: OrderStatus;
  fillCount: number;
  /** Commission the order owes by the models (before the minimum) and what it has been charged. */
  commissionComputedMinor: number;
  commissionChargedMinor: number;
}

/** A new order in status SUBMITTED (the broker accepts it through the table). */
export function createWorkingOrder(request: PaperOrderRequest, instrument: Instrument, brokerOrderId: string, expireAtMs: number): WorkingOrder {
  return {
    clientOrderId: request.clientOrderId, brokerOrderId, accountId: request.accountId, instrument, side: request.side,
    type: request.type, timeInForce: request.timeInForce, quantity: request.quantity,
    quantityUnits: toUnits(request.quantity, instrument.quantityPrecision), filledQuantity: 0, filledUnits: 0,
    limitPrice: request.limitPrice, stopPrice: request.stopPrice, trailingOffset: request.trailingOffset, bestPrice: Number.NaN,
    triggered: false, expireAtMs, status: 'SUBMITTED', fillCount: 0,
    commissionComputedMinor: 0, commissionChargedMinor: 0,
  };
}

/** The order as a request again (to validate a modification with the same rules). */
export function requestOf(order: WorkingOrder): PaperOrderRequest {
  return {
    clientOrderId: order.clientOrderId, accountId: order.accountId, instrumentId: order.instrument.id, side: order.side,
    type: order.type, quantity: order.quantity, timeInForce: order.timeInForce,
    ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
    ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
    ...(order.trailingOffset !== undefined ? { trailingOffset: order.trailingOffset } : {}),
  };
}

/** The order as `openOrders` reports it (for reconciliation). */
export function brokerStateOf(order: WorkingOrder): BrokerOrderState {
  return {
    clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, instrumentId: order.instrument.id, side: order.side,
    quantity: order.quantity, filledQuantity: order.filledQuantity, open: isOpenStatus(order.status),
  };
}
