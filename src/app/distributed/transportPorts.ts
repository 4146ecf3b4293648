import type { AnyEvent, Bar, Tick } from '../../core/index.js';

/** A bar or tick between processes (the Redis transport's market message, structurally). */
export type MarketMessage =
  | { readonly kind: 'bar'; readonly key: string; readonly idempotencyKey: string; readonly bar: Bar }
  | { readonly kind: 'tick'; readonly key: string; readonly idempotencyKey: string; readonly tick: Tick };

/** What travels between services: an event envelope or a market message. */
export type TransportMessage = AnyEvent | MarketMessage;

export function isMarketMessage(message: TransportMessage): message is MarketMessage {
  return (message as Partial<MarketMessage>).kind !== undefined;
}

/** The publishing side of the transport a service needs (RedisStreamsPublisher; an in-memory twin in tests). */
export interface MessagePublisher {
  /** Synchronous, O(1): buffers. */
  publish(message: TransportMessage): void;
  /** Resolves once everything published before it is acknowledged. */
  flush(): Promise<void>;
}

/** One consumed message with where it came from (stream entry id `<ms>-<seq>`). */
export interface ConsumedMessage {
  readonly stream: string;
  readonly id: string;
  readonly message: TransportMessage;
}
