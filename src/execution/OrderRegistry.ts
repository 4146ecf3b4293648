import { decimalsOf, isOpenStatus } from '../core/index.js';
import type { AnyEvent, EventEnvelope, Instrument, InstrumentProvider, Order, OrderEventKind, OrderFilter, OrderStatus, OrderView } from '../core/index.js';
import { deriveParent } from './deriveParent.js';
import { evolveOrder, isOrderEvent } from './evolveOrder.js';
import type { OrderEvent, QuantityPrecisionOf } from './evolveOrder.js';
import { NetPositions } from './NetPositions.js';
import { OrderEntry } from './OrderEntry.js';
import { orderWith } from './orderWith.js';
import { sumPotentialExposure } from './potentialExposure.js';
import type { PotentialExposure, PriceOf } from './potentialExposure.js';
import { RegistryIndexes } from './RegistryIndexes.js';
import { entriesOf, snapshotOf } from './registrySnapshot.js';
import type { OrderRegistrySnapshot } from './registrySnapshot.js';

export type ApplyResult =
  /** The event changed the order (`order` is the new state). */
  | { readonly ok: true; readonly change: 'applied'; readonly order: Order; readonly entry: OrderEntry }
  /** A fill whose fillId was already applied: nothing changed. */
  | { readonly ok: true; readonly change: 'duplicate'; readonly order: Order; readonly entry: OrderEntry }
  /** Not an order event: nothing to do. */
  | { readonly ok: true; readonly change: 'ignored' }
  /** Refused (not in the transition table, overfill, unknown order): nothing changed. */
  | { readonly ok: false; readonly status: OrderStatus | 'UNKNOWN'; readonly attempted: OrderEventKind; readonly reason: string };

export interface OrderRegistryOptions {
  /** Quantity precision of an instrument (its lot grid); when absent, taken from `instruments`, else from the quantities. */
  readonly quantityPrecisionOf?: QuantityPrecisionOf;
  /** Needed for notional values in `potentialExposure`. */
  readonly instruments?: InstrumentProvider;
}

const IGNORED: ApplyResult = { ok: true, change: 'ignored' };
const NONE: readonly Order[] = Object.freeze([]);

/**
 * Every order, as a pure fold over the order events; refused events leave it exactly as it was. One record
 * per order (mutated in place) and an open set are all an event touches; the lookups by correlation,
 * instrument, broker id and parent are indexes built on first use and kept from then on. A sliced parent is
 * derived from its slices. `openOrders` answers with one order per intent (a parent, not its slices).
 */
export class OrderRegistry implements OrderView {
  private readonly entries = new Map<string, OrderEntry>();
  private readonly openEntries = new Set<OrderEntry>();
  private readonly reconciling = new Set<OrderEntry>();
  private readonly indexes = new RegistryIndexes(() => this.entries.values());
  private readonly net: NetPositions;
  private readonly instruments: InstrumentProvider | undefined;
  private readonly precisionOf: QuantityPrecisionOf | undefined;

  constructor(options: OrderRegistryOptions = {}) {
    this.instruments = options.instruments;
    const given = options.quantityPrecisionOf;
    const instruments = options.instruments;
    this.precisionOf = given ?? (instruments === undefined ? undefined : (id) => instruments.get(id)?.quantityPrecision);
    this.net = new NetPositions(this.precisionOf);
  }

  apply(event: AnyEvent): ApplyResult {
    if (event.type === 'OrderSliced') return this.applySliced(event);
    if (event.type === 'OrderReconciliationNeeded' || event.type === 'OrderReconciled') {
      const entry = this.entries.get(event.payload.clientOrderId);
      if (entry === undefined) return { ok: false, status: 'UNKNOWN', attempted: 'SUBMIT', reason: `unknown order ${event.payload.clientOrderId}` };
      this.flag(entry, event.type === 'OrderReconciliationNeeded');
      entry.lastEventId = event.id;
      return { ok: true, change: 'applied', order: entry.order, entry };
    }
    if (!isOrderEvent(event)) return IGNORED;
    const clientOrderId = 'order' in event.payload ? event.payload.order.clientOrderId : event.payload.clientOrderId;
    return this.applyTo(this.entries.get(clientOrderId), event);
  }

  /** `apply` for an order event whose entry the caller already holds (the engine's path: one lookup per event). */
  applyTo(entry: OrderEntry | undefined, event: OrderEvent): ApplyResult {
    if (event.type === 'OrderFilled' && entry !== undefined && entry.hasFill(event.payload.fillId)) {
      return { ok: true, change: 'duplicate', order: entry.order, entry };
    }
    const result = evolveOrder(entry?.order, event, this.precisionOf);
    if (!result.ok) return result;
    const order = result.order;
    if (entry === undefined) {
      entry = new OrderEntry(order, event.id);
      this.add(entry);
    } else {
      entry.order = order;
      entry.lastEventId = event.id;
    }
    if (event.type === 'OrderFilled') {
      entry.addFill(event.payload.fillId);
      this.net.add(order, event.payload.quantity);
    } else if (event.type === 'OrderAccepted') {
      this.indexes.accepted(entry, event.payload.brokerOrderId);
    }
    this.updateOpen(entry);
    const parent = entry.sliceParent;
    if (parent !== undefined) this.rederive(parent, event.id, event.ts);
    return { ok: true, change: 'applied', order, entry };
  }

  /** The registry's record of an order (the engine's handle on it). */
  entry(clientOrderId: string): OrderEntry | undefined {
    return this.entries.get(clientOrderId);
  }

  get(clientOrderId: string): Order | undefined {
    return this.entries.get(clientOrderId)?.order;
  }

  /** Id of the last event applied to the order: the causation id of whatever happens to it next. */
  lastEventId(clientOrderId: string): string | undefined {
    return this.entries.get(clientOrderId)?.lastEventId;
  }

  byBrokerId(brokerOrderId: string): Order | undefined {
    return this.indexes.byBrokerId(brokerOrderId)?.order;
  }

  /** Open orders matching the filter, one per intent: a sliced order appears as its parent, not as its slices. */
  openOrders(filter?: OrderFilter): readonly Order[] {
    if (this.openEntries.size === 0) return NONE; // the usual answer on the order path: nothing is working
    const result: Order[] = [];
    for (const entry of this.openEntries) {
      if (entry.sliceParent === undefined && (filter === undefined || matches(entry.order, filter))) result.push(entry.order);
    }
    return result;
  }

  /** Open orders as the broker knows them: slices instead of their parent. */
  openBrokerOrders(filter?: OrderFilter): readonly Order[] {
    if (this.openEntries.size === 0) return NONE;
    const result: Order[] = [];
    for (const entry of this.openEntries) {
      if (entry.slices === undefined && (filter === undefined || matches(entry.order, filter))) result.push(entry.order);
    }
    return result;
  }

  /** Open orders, parents and slices alike. */
  openCount(): number {
    return this.openEntries.size;
  }

  /** Every order (parents and slices), in creation order. */
  all(): readonly Order[] {
    const result: Order[] = [];
    for (const entry of this.entries.values()) result.push(entry.order);
    return result;
  }

  byCorrelation(correlationId: string): readonly Order[] {
    return ordersOf(this.indexes.lookup('correlation', correlationId));
  }

  byInstrument(instrumentId: string): readonly Order[] {
    return ordersOf(this.indexes.lookup('instrument', instrumentId));
  }

  /** Orders whose `parentId` is this order: a parent's slices, an entry's bracket children. */
  childrenOf(parentId: string): readonly Order[] {
    return ordersOf(this.indexes.lookup('parent', parentId));
  }

  /** Orders in a status: open ones from the open set, closed ones by a scan (rare). */
  byState(status: OrderStatus): readonly Order[] {
    const result: Order[] = [];
    const source = isOpenStatus(status) ? this.openEntries : this.entries.values();
    for (const entry of source) if (entry.order.status === status) result.push(entry.order);
    return result;
  }

  /** Orders a broker call left in an unknown state, waiting for `reconcile`. */
  awaitingReconciliation(): readonly Order[] {
    return ordersOf([...this.reconciling]);
  }

  needsReconciliation(clientOrderId: string): boolean {
    return this.entries.get(clientOrderId)?.needsReconciliation ?? false;
  }

  /** Signed quantity the account's fills in this instrument add up to (positive long). */
  netFilled(accountId: string, instrumentId: string): number {
    return this.net.get(accountId, instrumentId);
  }

  /** What the account's open orders (in one instrument, or all) would add if every one filled; notional at `priceOf`. */
  potentialExposure(accountId: string, instrumentId?: string, priceOf?: PriceOf): PotentialExposure {
    const filter: OrderFilter = instrumentId === undefined ? { accountId } : { accountId, instrumentId };
    return sumPotentialExposure(this.openOrders(filter), (id) => this.instrumentOf(id), priceOf);
  }

  snapshot(): OrderRegistrySnapshot {
    return snapshotOf(this.entries.values());
  }

  /** Replace the whole state with a snapshot's (crash recovery: restore, then apply the log's tail). */
  restore(snapshot: OrderRegistrySnapshot): void {
    const entries = entriesOf(snapshot);
    this.entries.clear();
    this.openEntries.clear();
    this.reconciling.clear();
    this.net.clear();
    this.indexes.clear();
    for (const entry of entries) {
      this.add(entry);
      this.updateOpen(entry);
      if (entry.needsReconciliation) this.flag(entry, true);
      if (entry.slices === undefined && entry.order.filledQuantity > 0) this.net.add(entry.order, entry.order.filledQuantity);
    }
  }

  private applySliced(event: EventEnvelope<'OrderSliced'>): ApplyResult {
    const { parent, slices } = event.payload;
    const clash = [parent, ...slices].find((order) => this.entries.has(order.clientOrderId));
    if (clash !== undefined) {
      return { ok: false, status: this.entries.get(clash.clientOrderId)!.order.status, attempted: 'SUBMIT', reason: `order ${clash.clientOrderId} already exists` };
    }
    if (slices.length === 0 || slices.some((slice) => slice.parentId !== parent.clientOrderId || !(slice.quantity > 0))) {
      return { ok: false, status: 'UNKNOWN', attempted: 'SUBMIT', reason: `slices of ${parent.clientOrderId} must be positive and name it as parent` };
    }
    const parentEntry = new OrderEntry(orderWith(parent, 'SUBMITTED', 0, 0, event.ts, parent.quantity, parent.brokerOrderId, parent.reason), event.id, undefined, []);
    this.add(parentEntry);
    this.updateOpen(parentEntry);
    for (const slice of slices) {
      const entry = new OrderEntry(orderWith(slice, 'INITIALIZED', 0, 0, event.ts, slice.quantity, slice.brokerOrderId, slice.reason), event.id, parentEntry);
      parentEntry.slices!.push(entry);
      this.add(entry);
      this.updateOpen(entry);
    }
    return { ok: true, change: 'applied', order: parentEntry.order, entry: parentEntry };
  }

  private rederive(parent: OrderEntry, eventId: string, ts: number): void {
    const slices = parent.slices!;
    const order = deriveParent(parent.order, slices.map((slice) => slice.order), this.precision(parent.order), ts);
    parent.lastEventId = eventId;
    if (order === parent.order) return;
    parent.order = order;
    this.updateOpen(parent);
  }

  private add(entry: OrderEntry): void {
    this.entries.set(entry.order.clientOrderId, entry);
    this.indexes.added(entry);
  }

  private updateOpen(entry: OrderEntry): void {
    const open = isOpenStatus(entry.order.status);
    if (open === entry.open) return;
    entry.open = open;
    if (open) this.openEntries.add(entry);
    else this.openEntries.delete(entry);
  }

  private flag(entry: OrderEntry, needed: boolean): void {
    entry.needsReconciliation = needed;
    if (needed) this.reconciling.add(entry);
    else this.reconciling.delete(entry);
  }

  private precision(order: Order): number {
    return this.precisionOf?.(order.instrumentId) ?? Math.max(decimalsOf(order.quantity), decimalsOf(order.filledQuantity));
  }

  private instrumentOf(instrumentId: string): Instrument | undefined {
    return this.instruments?.get(instrumentId);
  }
}

function matches(order: Order, filter: OrderFilter): boolean {
  return (filter.accountId === undefined || order.accountId === filter.accountId)
    && (filter.strategyId === undefined || order.strategyId === filter.strategyId)
    && (filter.instrumentId === undefined || order.instrumentId === filter.instrumentId);
}

function ordersOf(entries: readonly OrderEntry[] | undefined): readonly Order[] {
  if (entries === undefined) return NONE;
  return entries.map((entry) => entry.order);
}
