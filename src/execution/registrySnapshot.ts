import { InvariantError } from '../core/index.js';
import type { Order } from '../core/index.js';
import { OrderEntry } from './OrderEntry.js';

/** Plain data: what `OrderRegistry.snapshot()` returns and `restore()` takes (JSON-safe). */
export interface OrderRegistrySnapshot {
  readonly version: 2;
  /** In creation order (a sliced parent before its slices). */
  readonly orders: readonly Order[];
  /** Sliced parent id → its slice ids, in slice order. */
  readonly parents: readonly (readonly [string, readonly string[]])[];
  /** clientOrderId → fill ids applied to it. */
  readonly fillIds: readonly (readonly [string, readonly string[]])[];
  /** clientOrderId → id of the last event applied to that order (the causation of the next one). */
  readonly lastEventIds: readonly (readonly [string, string])[];
  readonly needsReconciliation: readonly string[];
}

export function snapshotOf(entries: Iterable<OrderEntry>): OrderRegistrySnapshot {
  const orders: Order[] = [];
  const parents: [string, string[]][] = [];
  const fillIds: [string, readonly string[]][] = [];
  const lastEventIds: [string, string][] = [];
  const needsReconciliation: string[] = [];
  for (const entry of entries) {
    const id = entry.order.clientOrderId;
    orders.push(entry.order);
    if (entry.slices !== undefined) parents.push([id, entry.slices.map((slice) => slice.order.clientOrderId)]);
    if (entry.fills !== undefined) fillIds.push([id, [...entry.fillIds()]]);
    if (entry.lastEventId !== undefined) lastEventIds.push([id, entry.lastEventId]);
    if (entry.needsReconciliation) needsReconciliation.push(id);
  }
  return { version: 2, orders, parents, fillIds, lastEventIds, needsReconciliation };
}

/** The registry records a snapshot stands for, in creation order, slices linked to their parents. */
export function entriesOf(snapshot: OrderRegistrySnapshot): OrderEntry[] {
  if (snapshot.version !== 2) throw new InvariantError(`unsupported order registry snapshot version ${String(snapshot.version)}`);
  const parentIds = new Set(snapshot.parents.map(([id]) => id));
  const sliceOf = new Map(snapshot.parents.flatMap(([parentId, sliceIds]) => sliceIds.map((id) => [id, parentId] as const)));
  const lastEventIds = new Map(snapshot.lastEventIds);
  const byId = new Map<string, OrderEntry>();
  for (const order of snapshot.orders) {
    const id = order.clientOrderId;
    const parentId = sliceOf.get(id);
    const sliceParent = parentId === undefined ? undefined : byId.get(parentId);
    const entry = new OrderEntry(order, lastEventIds.get(id), sliceParent, parentIds.has(id) ? [] : undefined);
    sliceParent?.slices?.push(entry);
    byId.set(id, entry);
  }
  for (const [id, fills] of snapshot.fillIds) for (const fillId of fills) byId.get(id)?.addFill(fillId);
  for (const id of snapshot.needsReconciliation) {
    const entry = byId.get(id);
    if (entry !== undefined) entry.needsReconciliation = true;
  }
  return [...byId.values()];
}
