import { fromUnits, isOpenStatus, toUnits } from '../core/index.js';
import type { Order, OrderStatus } from '../core/index.js';
import { orderWith } from './orderWith.js';

/**
 * A sliced parent as its slices make it: filled quantity is their sum, status the aggregate. FILLED when
 * the whole quantity filled; once every slice is closed, REJECTED if one was rejected (else EXPIRED, else
 * CANCELED), whatever filled before; while slices work, PENDING_CANCEL / PARTIALLY_FILLED / ACCEPTED /
 * SUBMITTED. Derived, not driven through the transition table: the parent never meets the broker.
 */
export function deriveParent(parent: Order, slices: readonly Order[], precision: number, ts: number): Order {
  let filledUnits = 0;
  let weighted = 0;
  let open = 0;
  let pendingCancel = false;
  let working = false;
  let rejected: Order | undefined;
  let expired: Order | undefined;
  let canceled: Order | undefined;
  for (const slice of slices) {
    const units = toUnits(slice.filledQuantity, precision);
    filledUnits += units;
    weighted += slice.avgFillPrice * units;
    if (isOpenStatus(slice.status)) {
      open += 1;
      if (slice.status === 'PENDING_CANCEL') pendingCancel = true;
      if (slice.status !== 'INITIALIZED' && slice.status !== 'SUBMITTED') working = true;
    } else if (slice.status === 'REJECTED') rejected ??= slice;
    else if (slice.status === 'EXPIRED') expired ??= slice;
    else if (slice.status === 'CANCELED') canceled ??= slice;
  }
  const totalUnits = toUnits(parent.quantity, precision);
  let status: OrderStatus;
  let reason = parent.reason;
  if (filledUnits >= totalUnits) status = 'FILLED';
  else if (open === 0) {
    const closer = rejected ?? expired ?? canceled;
    status = rejected !== undefined ? 'REJECTED' : expired !== undefined ? 'EXPIRED' : 'CANCELED';
    if (closer !== undefined) reason = `slice ${closer.clientOrderId} ${closer.status.toLowerCase()}${closer.reason !== undefined ? `: ${closer.reason}` : ''}`;
  } else if (pendingCancel) status = 'PENDING_CANCEL';
  else if (filledUnits > 0) status = 'PARTIALLY_FILLED';
  else status = working ? 'ACCEPTED' : 'SUBMITTED';
  const filledQuantity = fromUnits(filledUnits, precision);
  const avgFillPrice = filledUnits > 0 ? weighted / filledUnits : 0;
  if (status === parent.status && filledQuantity === parent.filledQuantity && reason === parent.reason) return parent;
  return orderWith(parent, status, filledQuantity, avgFillPrice, ts, parent.quantity, parent.brokerOrderId, reason);
}
