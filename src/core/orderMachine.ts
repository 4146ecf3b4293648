import type { Order, OrderStatus } from './order.js';

/** Everything that can happen to an order, as seen by the state machine. */
export const ORDER_EVENT_KINDS = [
  'SUBMIT', 'ACCEPT', 'REJECT', 'PARTIAL_FILL', 'FILL', 'CANCEL_REQUEST', 'CANCEL', 'CANCEL_REJECT',
  'REPLACE_REQUEST', 'REPLACE', 'REPLACE_REJECT', 'EXPIRE',
] as const;
export type OrderEventKind = (typeof ORDER_EVENT_KINDS)[number];

/** `WORKING` means "back to ACCEPTED, or PARTIALLY_FILLED if something has filled". */
type Target = OrderStatus | 'WORKING';

/**
 * The one order transition table, used by the execution engine, the paper broker, every broker adapter
 * and replay. A (status, event) pair not listed here is refused.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEventKind, Target>>>>> = {
  INITIALIZED: { SUBMIT: 'SUBMITTED', REJECT: 'REJECTED', CANCEL: 'CANCELED' },
  SUBMITTED: {
    ACCEPT: 'ACCEPTED', REJECT: 'REJECTED', PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED',
    CANCEL_REQUEST: 'PENDING_CANCEL', CANCEL: 'CANCELED', EXPIRE: 'EXPIRED',
  },
  ACCEPTED: {
    PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL_REQUEST: 'PENDING_CANCEL', CANCEL: 'CANCELED',
    REPLACE_REQUEST: 'PENDING_REPLACE', EXPIRE: 'EXPIRED',
  },
  PARTIALLY_FILLED: {
    PARTIAL_FILL: 'PARTIALLY_FILLED', FILL: 'FILLED', CANCEL_REQUEST: 'PENDING_CANCEL', CANCEL: 'CANCELED',
    REPLACE_REQUEST: 'PENDING_REPLACE', EXPIRE: 'EXPIRED',
  },
  PENDING_CANCEL: {
    CANCEL: 'CANCELED', CANCEL_REJECT: 'WORKING', PARTIAL_FILL: 'PENDING_CANCEL', FILL: 'FILLED', EXPIRE: 'EXPIRED',
    ACCEPT: 'PENDING_CANCEL',
  },
  PENDING_REPLACE: {
    REPLACE: 'WORKING', REPLACE_REJECT: 'WORKING', PARTIAL_FILL: 'PENDING_REPLACE', FILL: 'FILLED',
    CANCEL: 'CANCELED', EXPIRE: 'EXPIRED',
  },
  FILLED: {},
  CANCELED: {},
  REJECTED: {},
  EXPIRED: {},
};

export type TransitionResult =
  | { readonly ok: true; readonly status: OrderStatus }
  | { readonly ok: false; readonly reason: string };

/** The status an order moves to on `kind`, or why it cannot. Pure; never mutates. */
export function nextOrderStatus(order: Pick<Order, 'status' | 'filledQuantity'>, kind: OrderEventKind): TransitionResult {
  const target = ORDER_TRANSITIONS[order.status][kind];
  if (target === undefined) return { ok: false, reason: `transition ${kind} is not allowed from ${order.status}` };
  if (target === 'WORKING') return { ok: true, status: order.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED' };
  return { ok: true, status: target };
}
