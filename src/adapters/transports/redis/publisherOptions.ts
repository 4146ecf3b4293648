import { RealClock, ValidationError, silentLogger } from '../../../core/index.js';
import type { Clock, Logger } from '../../../core/index.js';
import type { StreamLayout } from './StreamLayout.js';

/** How XADD trims: keep about `maxLen` entries per stream, or entries younger than about `maxAgeMs`. */
export type StreamTrimPolicy = { readonly maxLen: number } | { readonly maxAgeMs: number };

export interface RedisStreamsPublisherOptions {
  readonly url: string;
  readonly layout?: StreamLayout;
  /** Longest a published message waits before its batch is sent (default 2 ms; 0: the next turn of the event loop). */
  readonly flushIntervalMs?: number;
  /** Messages per pipelined batch (default 1,000); a full batch is sent at once. */
  readonly maxBatch?: number;
  /** Batches sent and not yet answered (default 4). */
  readonly maxInFlightBatches?: number;
  /** Messages published and not yet acknowledged by Redis before `publish` refuses (default 100,000). */
  readonly maxBuffered?: number;
  /** Default: no trimming on publish (`trimStored` trims once events are in the store). */
  readonly trim?: StreamTrimPolicy;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Connection name shown by CLIENT LIST (default `fortress-publisher`). */
  readonly name?: string;
}

export interface ResolvedPublisherOptions {
  readonly name: string;
  readonly flushIntervalMs: number;
  readonly maxBatch: number;
  readonly maxInFlight: number;
  readonly maxBuffered: number;
  readonly trim: StreamTrimPolicy | undefined;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function resolvePublisherOptions(options: RedisStreamsPublisherOptions): ResolvedPublisherOptions {
  const trim = options.trim;
  if (trim !== undefined) positive('maxLen' in trim ? 'trim.maxLen' : 'trim.maxAgeMs', 'maxLen' in trim ? trim.maxLen : trim.maxAgeMs);
  return {
    name: options.name ?? 'fortress-publisher',
    flushIntervalMs: nonNegative('flushIntervalMs', options.flushIntervalMs ?? 2),
    maxBatch: positive('maxBatch', options.maxBatch ?? 1_000),
    maxInFlight: positive('maxInFlightBatches', options.maxInFlightBatches ?? 4),
    maxBuffered: positive('maxBuffered', options.maxBuffered ?? 100_000),
    trim,
    retryMinMs: positive('retryMinMs', options.retryMinMs ?? 50),
    retryMaxMs: positive('retryMaxMs', options.retryMaxMs ?? 2_000),
    clock: options.clock ?? new RealClock(),
    logger: (options.logger ?? silentLogger).child({ component: 'redis-publisher' }),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(`${name} must be a positive number, got ${value}`, { field: name, value });
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ValidationError(`${name} must be 0 or more, got ${value}`, { field: name, value });
  return value;
}
