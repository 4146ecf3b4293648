import type { Redis } from 'ioredis';
import { FortressError } from '../../../core/index.js';
import type { Bar, Logger, Tick } from '../../../core/index.js';
import { EVENT_FIELD, MARKET_FIELD } from './decodeStreamEntry.js';
import { barMessage, isMarketMessage, tickMessage, type TransportMessage } from './marketMessage.js';
import { PublishBuffer } from './PublishBuffer.js';
import { resolvePublisherOptions, type RedisStreamsPublisherOptions, type ResolvedPublisherOptions } from './publisherOptions.js';
import { backoffMs, errorText, openRedisConnection } from './redisConnection.js';
import { StreamLayout } from './StreamLayout.js';
import type { TransportHealth } from './transportHealth.js';

export interface PublisherHealth extends TransportHealth {
  readonly published: number;
  readonly acknowledged: number;
  /** Published and not yet acknowledged by Redis. */
  readonly buffered: number;
}

/**
 * Carries messages to Redis Streams. `publish` is synchronous and O(1): it appends to an in-memory buffer;
 * batches go out as pipelined XADDs, never one awaited round trip per message. `flush()` resolves once Redis
 * has acknowledged everything published before it. When the connection drops the buffer keeps filling (up to
 * `maxBuffered`, then `publish` throws REDIS_PUBLISH_BACKPRESSURE), and once Redis is back the first
 * unacknowledged message is sent again, then the rest in order: nothing is lost or reordered. A batch cut off
 * mid-way may have reached Redis in part, so that part can be appended twice; consumers drop the second copy
 * by its idempotency key (delivery is at least once).
 */
export class RedisStreamsPublisher {
  readonly layout: StreamLayout;
  private readonly redis: Redis;
  private readonly buffer = new PublishBuffer();
  private readonly options: ResolvedPublisherOptions;
  private readonly logger: Logger;
  private readonly waiters: { readonly target: number; readonly resolve: () => void; readonly reject: (error: Error) => void }[] = [];
  private readonly tickSequences = new Map<string, { ts: number; next: number }>();
  private sent = 0;
  private inFlight = 0;
  /** Bumped on every failure: answers to batches sent before it are ignored (their messages are sent again). */
  private generation = 0;
  private failures = 0;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(options: RedisStreamsPublisherOptions) {
    this.options = resolvePublisherOptions(options);
    this.logger = this.options.logger;
    this.layout = options.layout ?? new StreamLayout();
    const { name, retryMinMs, retryMaxMs } = this.options;
    this.redis = openRedisConnection({ url: options.url, name, logger: this.logger, retryMinMs, retryMaxMs });
    this.redis.on('ready', this.onReady);
  }

  publish(message: TransportMessage): void {
    if (this.closing) throw new FortressError('REDIS_PUBLISHER_CLOSED', 'publish after close');
    const buffered = this.buffer.published - this.buffer.acknowledged;
    if (buffered >= this.options.maxBuffered) {
      throw new FortressError('REDIS_PUBLISH_BACKPRESSURE', `${buffered} messages await Redis (maxBuffered ${this.options.maxBuffered}); wait for flush()`, {
        buffered,
        connected: this.redis.status === 'ready',
      });
    }
    this.buffer.push(this.layout.streamFor(message), message);
    const unsent = this.buffer.published - this.sent;
    if (unsent >= this.options.maxBatch) this.dispatch();
    else if (this.timer === undefined) this.armTimer();
  }

  publishBar(bar: Bar): void {
    this.publish(barMessage(bar));
  }

  /** Ticks sharing a timestamp are numbered in the order they are published (see tickMessage). */
  publishTick(tick: Tick): void {
    let sequence = this.tickSequences.get(tick.instrumentId);
    if (sequence === undefined) this.tickSequences.set(tick.instrumentId, (sequence = { ts: tick.ts, next: 0 }));
    else if (sequence.ts !== tick.ts) {
      sequence.ts = tick.ts;
      sequence.next = 0;
    }
    this.publish(tickMessage(tick, sequence.next++));
  }

  /** Resolves when Redis has acknowledged every message published before this call. */
  flush(): Promise<void> {
    if (this.buffer.acknowledged >= this.buffer.published) return Promise.resolve();
    const target = this.buffer.published;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    this.dispatch();
    return done;
  }

  health(): PublisherHealth {
    const connected = this.redis.status === 'ready';
    return {
      healthy: connected && this.failures === 0,
      connected,
      published: this.buffer.published,
      acknowledged: this.buffer.acknowledged,
      buffered: this.buffer.published - this.buffer.acknowledged,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /**
   * Refuses new messages, waits until Redis has acknowledged the buffered ones, then closes the connection. If
   * that takes longer than `timeoutMs` (Redis is down), it drops the connection and rejects with
   * REDIS_PUBLISHER_CLOSE_TIMEOUT naming how many messages were never acknowledged.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
    const expired = await Promise.race([this.flush().then(() => false, () => false), timedOut]);
    clearTimeout(timer);
    if (expired) {
      const dropped = this.disconnect();
      throw new FortressError('REDIS_PUBLISHER_CLOSE_TIMEOUT', `closed after ${timeoutMs} ms with ${dropped} messages not acknowledged by Redis`, { dropped });
    }
    this.stopTimers();
    await this.redis.quit().catch(() => undefined);
  }

  /** Drops the connection now; answers the number of messages that were never acknowledged. */
  disconnect(): number {
    this.closing = true;
    this.stopTimers();
    this.redis.disconnect();
    const dropped = this.buffer.published - this.buffer.acknowledged;
    const error = new FortressError('REDIS_PUBLISHER_CLOSED', `publisher disconnected with ${dropped} messages unacknowledged`);
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    return dropped;
  }

  private readonly onReady = (): void => {
    if (this.retryTimer === undefined) this.dispatch();
  };

  private armTimer(): void {
    if (this.options.flushIntervalMs === 0) this.timer = setImmediate(this.onTimer);
    else this.timer = setTimeout(this.onTimer, this.options.flushIntervalMs);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.dispatch();
  };

  private dispatch(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    while (this.sent < this.buffer.published && this.inFlight < this.options.maxInFlight && this.retryTimer === undefined && this.redis.status === 'ready') {
      const from = this.sent;
      const to = Math.min(this.buffer.published, from + this.options.maxBatch);
      const pipeline = this.redis.pipeline();
      const trim = this.trimArgs();
      for (let i = from; i < to; i++) {
        const message = this.buffer.messageAt(i);
        const field = isMarketMessage(message) ? MARKET_FIELD : EVENT_FIELD;
        if (trim === undefined) pipeline.xadd(this.buffer.streamAt(i), '*', field, JSON.stringify(message));
        else pipeline.xadd(this.buffer.streamAt(i), ...trim, '*', field, JSON.stringify(message));
      }
      this.sent = to;
      this.inFlight++;
      const generation = this.generation;
      pipeline.exec().then(
        (results) => this.settle(generation, from, to, results, undefined),
        (error: unknown) => this.settle(generation, from, to, null, error),
      );
    }
  }

  private trimArgs(): readonly (string | number)[] | undefined {
    if (this.options.trim === undefined) return undefined;
    if ('maxLen' in this.options.trim) return ['MAXLEN', '~', this.options.trim.maxLen];
    return ['MINID', '~', Math.max(0, Math.floor(this.options.clock.nowMs() - this.options.trim.maxAgeMs))];
  }

  private settle(generation: number, from: number, to: number, results: [Error | null, unknown][] | null, error: unknown): void {
    if (generation !== this.generation) return;
    this.inFlight--;
    let done = results === null ? 0 : to - from;
    let failure = error === undefined ? (results === null ? 'pipeline aborted' : undefined) : errorText(error);
    if (results !== null) {
      const failed = results.findIndex(([commandError]) => commandError !== null);
      if (failed >= 0) {
        done = failed;
        failure = errorText(results[failed]![0]);
      }
    }
    if (from !== this.buffer.acknowledged) {
      // An earlier batch is still unanswered: this one failed at once (the socket was already dead) or came back
      // out of order. Acknowledge nothing; everything from the first unacknowledged message is sent again.
      done = 0;
      failure ??= 'batch answered out of order';
    } else {
      this.buffer.acknowledge(from + done);
    }
    this.releaseWaiters();
    if (failure === undefined) {
      this.failures = 0;
      this.dispatch();
      return;
    }
    this.generation++;
    this.inFlight = 0;
    this.sent = this.buffer.acknowledged;
    this.failures++;
    this.lastError = failure;
    const delayMs = backoffMs(this.failures, this.options.retryMinMs, this.options.retryMaxMs);
    this.logger.warn({ err: failure, unacknowledged: this.buffer.published - this.buffer.acknowledged, retryInMs: delayMs }, 'redis publish failed; will resend');
    this.retryTimer = setTimeout(this.onRetry, delayMs);
  }

  private readonly onRetry = (): void => {
    this.retryTimer = undefined;
    this.dispatch(); // when not connected, the next 'ready' dispatches
  };

  private releaseWaiters(): void {
    let released = 0;
    while (released < this.waiters.length && this.waiters[released]!.target <= this.buffer.acknowledged) this.waiters[released++]!.resolve();
    if (released > 0) this.waiters.splice(0, released);
  }

  private stopTimers(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
