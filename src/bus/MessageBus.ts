import type { AnyEvent } from '../core/index.js';
import type { AnyEventHandler, Endpoint, EndpointMessages, Topic, TopicMessages } from './switchboard.js';

type Handler = (message: never) => void;

/** A queue that grew past this (a burst) is released after draining; below it the slots are reused. */
const QUEUE_SHRINK_AT = 4096;

export type Unsubscribe = () => void;

/** Called for every emitted event before any handler sees it (the event store's append). */
export type Journal = (event: AnyEvent) => void;

/** What the bus does when a handler throws. The default rethrows (fail fast, as in a backtest). */
export type HandlerErrorPolicy = (error: unknown, where: string) => void;

export interface MessageBus {
  subscribe<T extends Topic>(topic: T, handler: (message: TopicMessages[T]) => void): Unsubscribe;
  /** Events whose type starts with `prefix` (written `Order*`), in subscription order with the others. */
  subscribePattern(pattern: `${string}*`, handler: AnyEventHandler): Unsubscribe;
  /** Every event envelope, whatever its type (recorders, WebSocket fan-out). */
  subscribeEvents(handler: AnyEventHandler): Unsubscribe;
  publish<T extends Topic>(topic: T, message: TopicMessages[T]): void;
  /** Journal the event, then deliver it on the topic named by its type. */
  emit(event: AnyEvent): void;
  register<E extends Endpoint>(endpoint: E, handler: (message: EndpointMessages[E]) => void): void;
  send<E extends Endpoint>(endpoint: E, message: EndpointMessages[E]): void;
  setJournal(journal: Journal | undefined): void;
}

interface Subscription {
  readonly topic: string;
  readonly handler: Handler;
}

/**
 * In-process bus with synchronous, deterministic FIFO dispatch: a message published while another is
 * being delivered waits until that delivery is complete, so every handler of a message runs before any
 * consequence of it, in subscription order. No promises, no per-message allocation beyond the queue slot.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly eventHandlers: AnyEventHandler[] = [];
  /** Each endpoint's handler as a one-element list, made once: a send enqueues it without allocating. */
  private readonly endpoints = new Map<string, readonly Handler[]>();
  private readonly resolved = new Map<string, readonly Handler[]>();
  private readonly queuedHandlers: (readonly Handler[])[] = [];
  private readonly queuedMessages: unknown[] = [];
  private readonly queuedWhere: string[] = [];
  private head = 0;
  private tail = 0;
  private draining = false;
  private journal: Journal | undefined;

  constructor(private readonly onHandlerError: HandlerErrorPolicy = rethrow) {}

  setJournal(journal: Journal | undefined): void {
    this.journal = journal;
  }

  subscribe<T extends Topic>(topic: T, handler: (message: TopicMessages[T]) => void): Unsubscribe {
    return this.addSubscription(topic, handler as Handler);
  }

  subscribePattern(pattern: `${string}*`, handler: AnyEventHandler): Unsubscribe {
    return this.addSubscription(pattern, handler as Handler);
  }

  private addSubscription(topic: string, handler: Handler): Unsubscribe {
    const subscription: Subscription = { topic, handler };
    this.subscriptions.push(subscription);
    this.resolved.clear();
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
      this.resolved.clear();
    };
  }

  subscribeEvents(handler: AnyEventHandler): Unsubscribe {
    this.eventHandlers.push(handler);
    this.resolved.clear();
    return () => {
      const index = this.eventHandlers.indexOf(handler);
      if (index >= 0) this.eventHandlers.splice(index, 1);
      this.resolved.clear();
    };
  }

  publish<T extends Topic>(topic: T, message: TopicMessages[T]): void {
    const handlers = this.handlersFor(topic);
    if (handlers.length === 0) return;
    this.enqueue(handlers, message, topic);
  }

  emit(event: AnyEvent): void {
    this.journal?.(event);
    this.deliver(event);
  }

  /**
   * Deliver an event exactly as `emit` does, but without journaling it: for an event that is already in the log
   * because another process produced it (a distributed service consuming it from the transport).
   */
  deliver(event: AnyEvent): void {
    const handlers = this.handlersFor(event.type);
    if (handlers.length > 0) this.enqueue(handlers, event, event.type);
    if (this.eventHandlers.length > 0) this.enqueue(this.eventHandlers as readonly Handler[], event, 'events');
  }

  register<E extends Endpoint>(endpoint: E, handler: (message: EndpointMessages[E]) => void): void {
    if (this.endpoints.has(endpoint)) throw new Error(`endpoint ${endpoint} already has a handler`);
    this.endpoints.set(endpoint, [handler as Handler]);
  }

  send<E extends Endpoint>(endpoint: E, message: EndpointMessages[E]): void {
    const handlers = this.endpoints.get(endpoint);
    if (handlers === undefined) throw new Error(`no handler registered for endpoint ${endpoint}`);
    this.enqueue(handlers, message, endpoint);
  }

  private handlersFor(topic: string): readonly Handler[] {
    let handlers = this.resolved.get(topic);
    if (handlers === undefined) {
      // Built by push, not filter/map: those builtins make a packed or a holey array depending on whether V8 had
      // optimized the caller, and dispatch code optimized for one kind is thrown away when it meets the other.
      const list: Handler[] = [];
      for (const s of this.subscriptions) if (matches(s.topic, topic)) list.push(s.handler);
      handlers = list;
      this.resolved.set(topic, handlers);
    }
    return handlers;
  }

  private enqueue(handlers: readonly Handler[], message: unknown, where: string): void {
    const tail = this.tail++;
    this.queuedHandlers[tail] = handlers;
    this.queuedMessages[tail] = message;
    this.queuedWhere[tail] = where;
    if (!this.draining) this.drain();
  }

  private drain(): void {
    this.draining = true;
    try {
      while (this.head < this.tail) {
        const slot = this.head++;
        const handlers = this.queuedHandlers[slot]!;
        const message = this.queuedMessages[slot] as never;
        const where = this.queuedWhere[slot]!;
        this.queuedMessages[slot] = undefined; // release the message; the slots themselves are reused
        for (let i = 0; i < handlers.length; i++) {
          try {
            handlers[i]!(message);
          } catch (error) {
            this.onHandlerError(error, where);
          }
        }
      }
    } finally {
      // On a rethrown error the rest of the queue is dropped with the failed run; nothing half-delivered stays.
      if (this.head < this.tail) this.queuedMessages.fill(undefined, this.head, this.tail);
      this.head = 0;
      this.tail = 0;
      this.draining = false;
      if (this.queuedHandlers.length > QUEUE_SHRINK_AT) {
        this.queuedHandlers.length = 0;
        this.queuedMessages.length = 0;
        this.queuedWhere.length = 0;
      }
    }
  }
}

function matches(pattern: string, topic: string): boolean {
  return pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}

function rethrow(error: unknown): never {
  throw error;
}
