import { InProcessMessageBus } from '../../bus/index.js';
import type {
  AnyEventHandler, Endpoint, EndpointMessages, HandlerErrorPolicy, Journal, MessageBus, Topic, TopicMessages, Unsubscribe,
} from '../../bus/index.js';
import { RecentIds, type AnyEvent, type EventStore } from '../../core/index.js';
import type { DurableOutbox } from './DurableOutbox.js';

export interface BridgedBusOptions {
  /** Where this service's own events are journaled (PostgreSQL in a deployment). */
  readonly store: EventStore;
  /** Where they go next, once the store holds them. */
  readonly outbox: DurableOutbox;
  readonly onHandlerError?: HandlerErrorPolicy;
  /** Applied to each event this service emits, before it is journaled (the risk service signs approvals here). */
  readonly prepare?: (event: AnyEvent) => AnyEvent;
  /** Idempotency keys remembered, the newest first (default 1,000,000: what two generations of 500,000 held at most). */
  readonly rememberedKeys?: number;
}

/**
 * The message bus of one service of a distributed deployment. Everything local is the in-process bus (same
 * synchronous FIFO dispatch, same topics and endpoints). The difference is where events come from and go:
 * - `emit` (an event this service produces): journal to the store, deliver locally, queue for the transport;
 * - `deliverRemote` (an event another service produced, read from the transport): deliver locally only, after
 *   an idempotency check — it is already in the log and already published.
 * In shadow mode (rebuilding state by re-running already-acknowledged input at a restart) emitted events are
 * delivered locally but neither journaled nor published: they were, before the restart.
 */
export class BridgedBus implements MessageBus {
  readonly local: InProcessMessageBus;
  private readonly seen: RecentIds;
  private extraJournal: Journal | undefined;
  private shadow = false;
  emitted = 0;
  delivered = 0;
  duplicates = 0;

  constructor(private readonly options: BridgedBusOptions) {
    this.local = new InProcessMessageBus(options.onHandlerError);
    this.seen = new RecentIds(options.rememberedKeys ?? 1_000_000);
  }

  /** Shadow mode on (restart catch-up) or off (normal operation). */
  setShadow(shadow: boolean): void {
    this.shadow = shadow;
  }

  get inShadow(): boolean {
    return this.shadow;
  }

  emit(event: AnyEvent): void {
    const prepared = this.options.prepare === undefined ? event : this.options.prepare(event);
    this.seen.add(prepared.idempotencyKey);
    if (!this.shadow) {
      this.emitted++;
      this.options.store.append(prepared);
      this.options.outbox.push(prepared);
    }
    this.extraJournal?.(prepared);
    this.local.deliver(prepared);
  }

  /** An event from another service: delivered once per idempotency key; false when it was a duplicate. */
  deliverRemote(event: AnyEvent): boolean {
    if (!this.seen.add(event.idempotencyKey)) {
      this.duplicates++;
      return false;
    }
    this.delivered++;
    this.local.deliver(event);
    return true;
  }

  /** Remember a market message's idempotency key; false when it was already handled. */
  firstSight(idempotencyKey: string): boolean {
    if (this.seen.add(idempotencyKey)) return true;
    this.duplicates++;
    return false;
  }

  subscribe<T extends Topic>(topic: T, handler: (message: TopicMessages[T]) => void): Unsubscribe {
    return this.local.subscribe(topic, handler);
  }

  subscribePattern(pattern: `${string}*`, handler: AnyEventHandler): Unsubscribe {
    return this.local.subscribePattern(pattern, handler);
  }

  subscribeEvents(handler: AnyEventHandler): Unsubscribe {
    return this.local.subscribeEvents(handler);
  }

  publish<T extends Topic>(topic: T, message: TopicMessages[T]): void {
    this.local.publish(topic, message);
  }

  register<E extends Endpoint>(endpoint: E, handler: (message: EndpointMessages[E]) => void): void {
    this.local.register(endpoint, handler);
  }

  send<E extends Endpoint>(endpoint: E, message: EndpointMessages[E]): void {
    this.local.send(endpoint, message);
  }

  /** An extra observer of this service's own events (metrics); the store journal is fixed at construction. */
  setJournal(journal: Journal | undefined): void {
    this.extraJournal = journal;
  }
}
