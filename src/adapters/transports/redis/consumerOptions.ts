import { RealClock, ValidationError, silentLogger } from '../../../core/index.js';
import type { Clock, Logger } from '../../../core/index.js';
import type { TransportMessage } from './marketMessage.js';
import type { StreamLayout, StreamRef } from './StreamLayout.js';

/** One message as the consumer hands it over. */
export interface Delivery {
  readonly stream: string;
  readonly id: string;
  /** How many times the group has delivered it, this time included (1 the first time). */
  readonly deliveries: number;
  readonly message: TransportMessage;
}

/**
 * Handles one message. Return (or resolve) only once its effects are durable (e.g. after awaiting the event
 * store's flush): the message is acknowledged then, and a throw or rejection leaves it pending for a retry.
 */
export type MessageHandler = (message: TransportMessage, delivery: Delivery) => void | Promise<void>;

/** Handles a read batch at once; the whole batch is acknowledged with one XACK per stream when it resolves. */
export type BatchHandler = (batch: readonly Delivery[]) => void | Promise<void>;

export interface RedisStreamsConsumerOptions {
  readonly url: string;
  /** The consumer group: one per service. */
  readonly group: string;
  /** This process's name within the group (unique per process, stable across its restarts if possible). */
  readonly consumer: string;
  /** The streams to read (from `StreamLayout.streams`); read highest priority first. */
  readonly streams: readonly StreamRef[];
  /** Where the dead-letter stream is (default: a default StreamLayout's). */
  readonly layout?: StreamLayout;
  /** Exactly one of `handler` and `batchHandler`. */
  readonly handler?: MessageHandler;
  readonly batchHandler?: BatchHandler;
  /** A group created now reads the streams' history (`history`, XGROUP CREATE … 0) or only what comes next (`new`, $). */
  readonly startFrom?: 'history' | 'new';
  /** COUNT of every XREADGROUP / XAUTOCLAIM (default 200). */
  readonly readCount?: number;
  /** Longest blocking wait when every stream is empty (default 1,000 ms). */
  readonly blockMs?: number;
  /** A message pending this long (its consumer died or its handler failed) is claimed again (default 30 s). */
  readonly claimIdleMs?: number;
  /** How often to look for such messages (default half of claimIdleMs, at most 5 s). */
  readonly claimIntervalMs?: number;
  /** Handler attempts before a message goes to the dead-letter stream (default 5). */
  readonly maxDeliveries?: number;
  /** Idempotency keys remembered (default 100,000). */
  readonly idempotencyCacheSize?: number;
  /** About how many entries the dead-letter stream keeps (default 100,000). */
  readonly deadLetterMaxLen?: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

export interface ResolvedConsumerOptions {
  readonly readCount: number;
  readonly blockMs: number;
  readonly claimIdleMs: number;
  readonly claimIntervalMs: number;
  readonly maxDeliveries: number;
  readonly idempotencyCacheSize: number;
  readonly deadLetterMaxLen: number;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  readonly startId: '0' | '$';
  readonly clock: Clock;
  readonly logger: Logger;
}

export function resolveConsumerOptions(options: RedisStreamsConsumerOptions): ResolvedConsumerOptions {
  if ((options.handler === undefined) === (options.batchHandler === undefined)) {
    throw new ValidationError('a consumer needs exactly one of handler and batchHandler');
  }
  if (options.streams.length === 0) throw new ValidationError('a consumer needs at least one stream');
  for (const [name, value] of [['group', options.group], ['consumer', options.consumer]] as const) {
    if (value.trim() === '') throw new ValidationError(`consumer ${name} must not be empty`, { field: name });
  }
  const claimIdleMs = positiveInteger('claimIdleMs', options.claimIdleMs ?? 30_000);
  return {
    readCount: positiveInteger('readCount', options.readCount ?? 200),
    blockMs: positiveInteger('blockMs', options.blockMs ?? 1_000),
    claimIdleMs,
    claimIntervalMs: positiveInteger('claimIntervalMs', options.claimIntervalMs ?? Math.max(1, Math.min(Math.floor(claimIdleMs / 2), 5_000))),
    maxDeliveries: positiveInteger('maxDeliveries', options.maxDeliveries ?? 5),
    idempotencyCacheSize: positiveInteger('idempotencyCacheSize', options.idempotencyCacheSize ?? 100_000),
    deadLetterMaxLen: positiveInteger('deadLetterMaxLen', options.deadLetterMaxLen ?? 100_000),
    retryMinMs: positiveInteger('retryMinMs', options.retryMinMs ?? 50),
    retryMaxMs: positiveInteger('retryMaxMs', options.retryMaxMs ?? 2_000),
    startId: options.startFrom === 'new' ? '$' : '0',
    clock: options.clock ?? new RealClock(),
    logger: (options.logger ?? silentLogger).child({ component: 'redis-consumer', group: options.group, consumer: options.consumer }),
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ValidationError(`${name} must be a positive integer, got ${value}`, { field: name, value });
  return value;
}
