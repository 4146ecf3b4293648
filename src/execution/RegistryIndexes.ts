import type { Order } from '../core/index.js';
import type { OrderEntry } from './OrderEntry.js';

type Key = (order: Order) => string | undefined;
const KEYS = {
  correlation: (order: Order) => order.correlationId,
  instrument: (order: Order) => order.instrumentId,
  parent: (order: Order) => order.parentId,
} as const satisfies Record<string, Key>;
type IndexName = keyof typeof KEYS;

/**
 * The registry's lookups other than by client order id. Each is built on its first query (a scan of every
 * order) and kept up to date from then on, so a run that never asks pays nothing per order.
 */
export class RegistryIndexes {
  private readonly lists: Partial<Record<IndexName, Map<string, OrderEntry[]>>> = {};
  /** The names in `lists`, so adding an order walks no key list when no index was ever asked for. */
  private built: IndexName[] = [];
  private broker: Map<string, OrderEntry> | undefined;

  constructor(private readonly entries: () => Iterable<OrderEntry>) {}

  lookup(name: IndexName, key: string): readonly OrderEntry[] | undefined {
    let index = this.lists[name];
    if (index === undefined) {
      index = new Map();
      for (const entry of this.entries()) add(index, KEYS[name](entry.order), entry);
      this.lists[name] = index;
      this.built.push(name);
    }
    return index.get(key);
  }

  byBrokerId(brokerOrderId: string): OrderEntry | undefined {
    if (this.broker === undefined) {
      this.broker = new Map();
      for (const entry of this.entries()) if (entry.order.brokerOrderId !== undefined) this.broker.set(entry.order.brokerOrderId, entry);
    }
    return this.broker.get(brokerOrderId);
  }

  /** A new order (after it was stored). */
  added(entry: OrderEntry): void {
    const built = this.built;
    for (let i = 0; i < built.length; i++) add(this.lists[built[i]!]!, KEYS[built[i]!](entry.order), entry);
    if (this.broker !== undefined && entry.order.brokerOrderId !== undefined) this.broker.set(entry.order.brokerOrderId, entry);
  }

  /** The broker named its id for an order. */
  accepted(entry: OrderEntry, brokerOrderId: string): void {
    this.broker?.set(brokerOrderId, entry);
  }

  clear(): void {
    for (const name of this.built) delete this.lists[name];
    this.built = [];
    this.broker = undefined;
  }
}

function add(index: Map<string, OrderEntry[]>, key: string | undefined, entry: OrderEntry): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (list === undefined) index.set(key, [entry]);
  else list.push(entry);
}
