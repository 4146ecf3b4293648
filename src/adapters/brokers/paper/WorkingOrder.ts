import { toUnits } from '../../../core/index.js';
import type { Instrument, OrderRequest, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../../core/index.js';

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
  stopPrice: number | undefined;
  /** A stop (or stop-limit) whose stop price has been reached. */
  triggered: boolean;
  /** Moves only through core's transition table. */
  status: OrderStatus;
  fillCount: number;
  /** Commission the order owes by the models (before the minimum) and what it has been charged. */
  commissionComputedMinor: number;
  commissionChargedMinor: number;
}

/** A new order in status SUBMITTED (the broker accepts it through the table). */
export function createWorkingOrder(request: OrderRequest, instrument: Instrument, brokerOrderId: string): WorkingOrder {
  return {
    clientOrderId: request.clientOrderId, brokerOrderId, accountId: request.accountId, instrument, side: request.side,
    type: request.type, timeInForce: request.timeInForce, quantity: request.quantity,
    quantityUnits: toUnits(request.quantity, instrument.quantityPrecision), filledQuantity: 0, filledUnits: 0,
    limitPrice: request.limitPrice, stopPrice: request.stopPrice, triggered: false, status: 'SUBMITTED', fillCount: 0,
    commissionComputedMinor: 0, commissionChargedMinor: 0,
  };
}

/** The order as a request again (to validate a modification with the same rules). */
export function requestOf(order: WorkingOrder): OrderRequest {
  return {
    clientOrderId: order.clientOrderId, accountId: order.accountId, instrumentId: order.instrument.id, side: order.side,
    type: order.type, quantity: order.quantity, timeInForce: order.timeInForce,
    ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
    ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
  };
}
