export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TRAILING_STOP'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const TIME_IN_FORCE = ['DAY', 'GTC', 'IOC', 'FOK'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

export const ORDER_STATUSES = [
  'INITIALIZED',
  'SUBMITTED',
  'ACCEPTED',
  'PARTIALLY_FILLED',
  'FILLED',
  'PENDING_CANCEL',
  'PENDING_REPLACE',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']);

export function isOpenStatus(status: OrderStatus): boolean {
  return !TERMINAL_STATUSES.has(status);
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** +1 for a buy, -1 for a sell. */
export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}

/** An order as the registry knows it: the fold of its events. */
export interface Order {
  readonly clientOrderId: string;
  readonly brokerOrderId?: string;
  readonly intentId: string;
  readonly accountId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** TRAILING_STOP: distance of the stop from the best price seen since it went live. */
  readonly trailingOffset?: number;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  /** Volume-weighted fill price, for display; money is computed per fill. */
  readonly avgFillPrice: number;
  readonly correlationId: string;
  /** Parent order when this one is a slice, a bracket child or a basket leg. */
  readonly parentId?: string;
  readonly reduceOnly: boolean;
  readonly createdTs: number;
  readonly updatedTs: number;
  readonly reason?: string;
}
