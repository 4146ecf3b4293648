import type { MessageBus } from '../bus/index.js';
import type { AnyEvent, EventFactory, EventPayloads, EventType, Logger, Order, OrderEventKind, OrderStatus } from '../core/index.js';
import type { OrderEvent, OrderEventType } from './evolveOrder.js';
import type { OrderEntry } from './OrderEntry.js';
import type { OrderRegistry } from './OrderRegistry.js';

/** Called after an event changed an order (the registry already holds the new state). */
export type OrderChanged = (entry: OrderEntry) => void;

/**
 * How execution records anything about orders: build the event, apply it to the registry, and emit it
 * only if the registry took it; a transition the table refuses becomes OrderTransitionRefused and
 * changes nothing. Every component of the engine writes through this one place.
 */
export class OrderJournal {
  /** Set by the engine: reacts to a changed order (slices, brackets, baskets). */
  onChanged: OrderChanged = () => undefined;

  constructor(
    private readonly bus: MessageBus,
    private readonly events: EventFactory,
    readonly registry: OrderRegistry,
    private readonly log: Logger,
  ) {}

  /**
   * Record an order event for `order` (whose registry entry is `entry`, undefined for a new order). Returns
   * the entry when the event applied. `causationId` defaults to the last event of the order.
   */
  record<T extends OrderEventType>(
    entry: OrderEntry | undefined, type: T, payload: EventPayloads[T], order: Order, idempotencyKey: string, causationId?: string,
  ): OrderEntry | undefined {
    const event = this.events.createWith(
      type, payload, order.instrumentId, order.correlationId, causationId ?? entry?.lastEventId ?? order.correlationId, idempotencyKey,
    ) as unknown as OrderEvent;
    const result = this.registry.applyTo(entry, event);
    if (!result.ok) {
      this.refuse(order.clientOrderId, result.status, result.attempted, result.reason, order, entry);
      return undefined;
    }
    if (result.change !== 'applied') return undefined;
    this.bus.emit(event as AnyEvent);
    this.onChanged(result.entry);
    return result.entry;
  }

  /**
   * Emit an event that is about orders but changes none by the transition table (slicing, brackets, baskets,
   * reconciliation flags); the registry folds the ones it keeps. `idempotencyKey` names the step, so a
   * redelivery is recognised.
   */
  note<T extends EventType>(
    type: T, payload: EventPayloads[T], key: string, correlationId: string, causationId: string | undefined, idempotencyKey: string,
  ): boolean {
    const event = this.events.create(type, payload, {
      key, correlationId, idempotencyKey, ...(causationId !== undefined ? { causationId } : {}),
    }) as unknown as AnyEvent;
    const result = this.registry.apply(event);
    if (!result.ok) {
      this.log.error({ type, reason: result.reason }, 'registry refused an execution event');
      return false;
    }
    this.bus.emit(event);
    return true;
  }

  refuse(
    clientOrderId: string, status: OrderStatus | 'UNKNOWN', attempted: OrderEventKind, reason: string, order: Order | undefined, entry?: OrderEntry,
  ): void {
    this.log.warn({ clientOrderId, status, attempted }, reason);
    const known = entry ?? this.registry.entry(clientOrderId);
    this.bus.emit(this.events.create('OrderTransitionRefused', { clientOrderId, status, attempted, reason }, {
      key: order?.instrumentId ?? clientOrderId,
      ...(order !== undefined ? { correlationId: order.correlationId } : {}),
      ...(order !== undefined ? { causationId: known?.lastEventId ?? order.correlationId } : {}),
    }));
  }

  error(code: string, message: string, key: string, details: Readonly<Record<string, unknown>>): void {
    this.log.error({ code, ...details }, message);
    this.bus.emit(this.events.create('ErrorRaised', { component: 'ExecutionEngine', code, message, details }, { key }));
  }
}
