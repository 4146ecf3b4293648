import { isOpenStatus, pow10, toUnits } from '../../../core/index.js';
import type { Instrument } from '../../../core/index.js';
import type { PaperOrderRequest, WorkingOrder } from './WorkingOrder.js';

/** Whether `value` is a whole multiple of `step` on a grid of 10^-precision. */
export function isOnGrid(value: number, step: number, precision: number): boolean {
  const scaled = value * pow10(precision);
  const units = Math.round(scaled);
  if (Math.abs(scaled - units) > 1e-6 || !Number.isSafeInteger(units)) return false;
  return units % toUnits(step, precision) === 0;
}

/** Why the venue would refuse this request (naming the field), or undefined when it is valid. */
export function orderRequestProblem(request: PaperOrderRequest, instrument: Instrument | undefined): string | undefined {
  if (instrument === undefined) return `unknown instrument ${request.instrumentId}`;
  const { quantity, limitPrice, stopPrice, type } = request;
  if (!(quantity > 0)) return `quantity must be > 0, got ${quantity}`;
  if (!isOnGrid(quantity, instrument.lotSize, instrument.quantityPrecision)) {
    return `quantity ${quantity} is not a multiple of the lot size ${instrument.lotSize}`;
  }
  if (type === 'TRAILING_STOP') {
    const problem = priceProblem('trailingOffset', request.trailingOffset, type, instrument)
      ?? (stopPrice !== undefined ? priceProblem('stopPrice', stopPrice, type, instrument) : undefined);
    if (problem !== undefined) return problem;
  }
  if (type === 'LIMIT' || type === 'STOP_LIMIT') {
    const problem = priceProblem('limitPrice', limitPrice, type, instrument);
    if (problem !== undefined) return problem;
  }
  if (type === 'STOP' || type === 'STOP_LIMIT') {
    const problem = priceProblem('stopPrice', stopPrice, type, instrument);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function priceProblem(field: string, price: number | undefined, type: string, instrument: Instrument): string | undefined {
  if (price === undefined) return `${field} is required for ${type} orders`;
  if (!(price > 0)) return `${field} must be > 0, got ${price}`;
  if (!isOnGrid(price, instrument.tickSize, instrument.pricePrecision)) return `${field} ${price} is not on the tick size ${instrument.tickSize}`;
  return undefined;
}

/** Why a modification of a working order would be refused, or undefined. `request` is the order with the changes. */
export function modifyProblem(order: Pick<WorkingOrder, 'status' | 'filledQuantity' | 'instrument'>, request: PaperOrderRequest): string | undefined {
  if (!isOpenStatus(order.status)) return `order is ${order.status}`;
  if (!(request.quantity > order.filledQuantity)) return `quantity ${request.quantity} must exceed the filled quantity ${order.filledQuantity}`;
  return orderRequestProblem(request, order.instrument);
}
