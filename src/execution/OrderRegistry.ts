import { InvariantError, isOpenStatus } from '../core/index.js';
import type { AnyEvent, Order, OrderEventKind, OrderFilter, OrderStatus, OrderView } from '../core/index.js';
import { evolveOrder, isOrderEvent } from './evolveOrder.js';
import type { QuantityPrecisionOf } from './evolveOrder.js';

export type ApplyResult =
  /** The event changed the order (`order` is the new state). */
  | { readonly ok: true; readonly change: 'applied'; readonly order: Order }
  /** A fill whose fillId was already applied: nothing changed. */
  | { readonly ok: true; readonly change: 'duplicate'; readonly order: Order }
  /** Not an order event: nothing to do. */
  | { readonly ok: true; readonly change: 'ignored' }
  /** Refused (not in the transition table, overfill, unknown order): nothing changed. */
  | { readonly ok: false; readonly status: OrderStatus | 'UNKNOWN'; readonly attempted: OrderEventKind; readonly reason: string };

/** Plain data: what `snapshot()` returns and `restore()` takes (JSON-safe). */
export interface OrderRegistrySnapshot {
  readonly version: 1;
  /** In creation order. */
  readonly orders: readonly Order[];
  readonly fillIds: readonly string[];
  /** clientOrderId → id of the last event applied to that order (the causation of the next one). */
  readonly lastEventIds: readonly (readonly [string, string])[];
}

export interface OrderRegistryOptions {
  /** Quantity precision of an instrument (its lot grid); when absent, derived from the quantities themselves. */
  readonly quantityPrecisionOf?: QuantityPrecisionOf;
}

const IGNORED: ApplyResult = { ok: true, change: 'ignored' };
const NONE: readonly Order[] = [];

/**
 * Every order, as a pure fold over the order events. Refused events leave it exactly as it was. Indexes
 * (broker id, correlation, instrument, status, the open set) are derived and rebuilt on restore.
 */
export class OrderRegistry implements OrderView {
  private readonly orders = new Map<string, Order>();
  private readonly fillIds = new Set<string>();
  private readonly lastEventIds = new Map<string, string>();
  private readonly openIds = new Set<string>();
  private readonly brokerIds = new Map<string, string>();
  private readonly correlationIndex = new Map<string, string[]>();
  private readonly instrumentIndex = new Map<string, string[]>();
  private readonly statusIndex = new Map<OrderStatus, Set<string>>();
  private readonly quantityPrecisionOf: QuantityPrecisionOf | undefined;

  constructor(options: OrderRegistryOptions = {}) {
    this.quantityPrecisionOf = options.quantityPrecisionOf;
  }

  apply(event: AnyEvent): ApplyResult {
    if (!isOrderEvent(event)) return IGNORED;
    const clientOrderId = event.type === 'OrderSubmitted' ? event.payload.order.clientOrderId : event.payload.clientOrderId;
    const current = this.orders.get(clientOrderId);
    if (event.type === 'OrderFilled' && current !== undefined && this.fillIds.has(event.payload.fillId)) {
      return { ok: true, change: 'duplicate', order: current };
    }
    const result = evolveOrder(current, event, this.quantityPrecisionOf);
    if (!result.ok) return result;
    if (event.type === 'OrderFilled') this.fillIds.add(event.payload.fillId);
    this.lastEventIds.set(clientOrderId, event.id);
    this.store(current, result.order);
    return { ok: true, change: 'applied', order: result.order };
  }

  /** Whether a fill with this id has been applied. */
  hasFill(fillId: string): boolean {
    return this.fillIds.has(fillId);
  }

  /** Id of the last event applied to the order: the causation id of whatever happens to it next. */
  lastEventId(clientOrderId: string): string | undefined {
    return this.lastEventIds.get(clientOrderId);
  }

  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId);
  }

  byBrokerId(brokerOrderId: string): Order | undefined {
    const clientOrderId = this.brokerIds.get(brokerOrderId);
    return clientOrderId === undefined ? undefined : this.orders.get(clientOrderId);
  }

  /** Open (non-terminal) orders matching the filter; walks only the open set. */
  openOrders(filter?: OrderFilter): readonly Order[] {
    const result: Order[] = [];
    for (const clientOrderId of this.openIds) {
      const order = this.orders.get(clientOrderId)!;
      if (filter === undefined || matches(order, filter)) result.push(order);
    }
    return result;
  }

  openCount(): number {
    return this.openIds.size;
  }

  /** Every order, in creation order. */
  all(): readonly Order[] {
    return [...this.orders.values()];
  }

  byCorrelation(correlationId: string): readonly Order[] {
    return this.lookup(this.correlationIndex.get(correlationId));
  }

  byState(status: OrderStatus): readonly Order[] {
    return this.lookup(this.statusIndex.get(status));
  }

  byInstrument(instrumentId: string): readonly Order[] {
    return this.lookup(this.instrumentIndex.get(instrumentId));
  }

  snapshot(): OrderRegistrySnapshot {
    return { version: 1, orders: [...this.orders.values()], fillIds: [...this.fillIds], lastEventIds: [...this.lastEventIds] };
  }

  /** Replace the whole state with a snapshot's (crash recovery: restore, then apply the log's tail). */
  restore(snapshot: OrderRegistrySnapshot): void {
    if (snapshot.version !== 1) throw new InvariantError(`unsupported order registry snapshot version ${String(snapshot.version)}`);
    this.orders.clear();
    this.fillIds.clear();
    this.lastEventIds.clear();
    this.openIds.clear();
    this.brokerIds.clear();
    this.correlationIndex.clear();
    this.instrumentIndex.clear();
    this.statusIndex.clear();
    for (const order of snapshot.orders) this.store(undefined, order);
    for (const fillId of snapshot.fillIds) this.fillIds.add(fillId);
    for (const [clientOrderId, eventId] of snapshot.lastEventIds) this.lastEventIds.set(clientOrderId, eventId);
  }

  private store(previous: Order | undefined, order: Order): void {
    const id = order.clientOrderId;
    this.orders.set(id, order);
    if (previous === undefined) {
      pushTo(this.correlationIndex, order.correlationId, id);
      pushTo(this.instrumentIndex, order.instrumentId, id);
    } else if (previous.status !== order.status) {
      this.statusIndex.get(previous.status)?.delete(id);
    }
    if (previous?.status !== order.status) {
      let ids = this.statusIndex.get(order.status);
      if (ids === undefined) this.statusIndex.set(order.status, (ids = new Set()));
      ids.add(id);
      if (isOpenStatus(order.status)) this.openIds.add(id);
      else this.openIds.delete(id);
    }
    if (order.brokerOrderId !== undefined) this.brokerIds.set(order.brokerOrderId, id);
  }

  private lookup(ids: Iterable<string> | undefined): readonly Order[] {
    if (ids === undefined) return NONE;
    const result: Order[] = [];
    for (const id of ids) result.push(this.orders.get(id)!);
    return result;
  }
}

function matches(order: Order, filter: OrderFilter): boolean {
  return (filter.accountId === undefined || order.accountId === filter.accountId)
    && (filter.strategyId === undefined || order.strategyId === filter.strategyId)
    && (filter.instrumentId === undefined || order.instrumentId === filter.instrumentId);
}

function pushTo(index: Map<string, string[]>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, [id]);
  else ids.push(id);
}
