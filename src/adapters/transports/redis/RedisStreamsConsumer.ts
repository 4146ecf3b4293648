import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { FortressError } from '../../../core/index.js';
import { AckWriter } from './AckWriter.js';
import { BatchProcessor, type BatchOutcome } from './BatchProcessor.js';
import type { ResolvedConsumerOptions, RedisStreamsConsumerOptions } from './consumerOptions.js';
import { resolveConsumerOptions } from './consumerOptions.js';
import type { DeadLetter } from './deadLetter.js';
import { priorityRank } from './eventFamilies.js';
import { IdempotencyCache } from './IdempotencyCache.js';
import { PriorityReader } from './PriorityReader.js';
import { backoffMs, errorText, openRedisConnection, waitUntilReady } from './redisConnection.js';
import { ensureGroups, readDeadLetters, readLag, trimStreams, type StreamLag } from './streamAdmin.js';
import { StreamLayout, type StreamRef } from './StreamLayout.js';
import type { RawEntry } from './streamReply.js';
import type { TransportHealth } from './transportHealth.js';

export interface ConsumerHealth extends TransportHealth {
  readonly running: boolean;
  readonly handled: number;
  readonly duplicatesSkipped: number;
  readonly handlerFailures: number;
  readonly deadLettered: number;
  readonly reclaimed: number;
}

/**
 * Reads the streams as one consumer of a consumer group (one group per service, one consumer per process) and
 * hands each message to the handler, highest priority first: every poll reads all the streams at once (at most
 * COUNT entries each) and hands over the CRITICAL entries first, then HIGH, NORMAL and LOW, so a kill switch
 * waits behind at most the batch in hand; it blocks only when all are empty. A message is acknowledged only after
 * the handler's promise resolved; bad bytes go to the dead-letter stream; idempotency keys already handled are
 * skipped; messages a dead consumer (or a failed handler) left pending are claimed again after `claimIdleMs`
 * and retried up to `maxDeliveries` times. When Redis goes away it reconnects with backoff, reports
 * unhealthy, and resumes from the group's position: unacknowledged messages are delivered again.
 */
export class RedisStreamsConsumer {
  readonly streams: readonly StreamRef[];
  private readonly options: ResolvedConsumerOptions;
  private readonly reader: Redis;
  private readonly control: Redis;
  private readonly processor: BatchProcessor;
  private readonly writer: AckWriter;
  private readonly priorityReader: PriorityReader;
  private readonly streamNames: readonly string[];
  private readonly deadLetterStream: string;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private pendingCommit: Promise<void> = Promise.resolve();
  /** Handled entries whose acknowledgement goes out with the next read (see AckWriter.sendAcks). */
  private unsentAcks: RawEntry[] = [];
  private phase: 'idle' | 'waiting' | 'working' | 'blocked' = 'idle';
  private stopping = false;
  private groupsMissing = true;
  /** Set at start and after every failure: read this consumer's own pending entries before anything new. */
  private recoverPending = true;
  private nextClaimAtMs = 0;
  private failures = 0;
  private lastError: string | undefined;
  private reclaimed = 0;

  constructor(private readonly config: RedisStreamsConsumerOptions) {
    this.options = resolveConsumerOptions(config);
    this.streams = [...config.streams].sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority));
    this.streamNames = this.streams.map((s) => s.name);
    this.deadLetterStream = (config.layout ?? new StreamLayout()).deadLetterStream;
    const { logger, retryMinMs, retryMaxMs } = this.options;
    const name = `fortress:${config.group}:${config.consumer}`;
    this.reader = openRedisConnection({ url: config.url, name: `${name}:read`, logger, retryMinMs, retryMaxMs });
    this.control = openRedisConnection({ url: config.url, name: `${name}:ack`, logger, retryMinMs, retryMaxMs });
    this.processor = new BatchProcessor({
      handler: config.handler,
      batchHandler: config.batchHandler,
      maxDeliveries: this.options.maxDeliveries,
      cache: new IdempotencyCache(this.options.idempotencyCacheSize),
      logger,
    });
    this.writer = new AckWriter(this.control, config.group, config.consumer, this.deadLetterStream, this.options.deadLetterMaxLen, logger);
    this.priorityReader = new PriorityReader(this.reader, this.control, this.streams, config.group, config.consumer, this.options.readCount);
  }

  /** Creates the group where missing (waiting for Redis if it is not up yet), then starts consuming. */
  async start(): Promise<void> {
    if (this.loop !== undefined || this.stopping) throw new FortressError('REDIS_CONSUMER_STARTED', 'consumer already started or closed');
    this.phase = 'waiting';
    await waitUntilReady(this.control);
    await ensureGroups(this.control, this.streamNames, this.config.group, this.options.startId);
    this.groupsMissing = false;
    this.loop = this.run();
  }

  /**
   * Finishes the batch in hand (its acknowledgements included), then closes both connections. A handler still
   * running after `timeoutMs` is abandoned: the connections are dropped (its messages stay pending and are
   * reclaimed) and the close rejects with REDIS_CONSUMER_CLOSE_TIMEOUT.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.abort.abort();
    if (this.phase === 'blocked') await this.priorityReader.unblock();
    else if (this.phase === 'waiting' && !this.health().connected) this.dropConnections(); // Redis is away: stop waiting for it
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
    const expired = await Promise.race([(this.loop ?? Promise.resolve()).then(() => this.pendingCommit).then(() => false), timedOut]);
    clearTimeout(timer);
    if (expired) {
      this.disconnect();
      throw new FortressError('REDIS_CONSUMER_CLOSE_TIMEOUT', `the handler did not finish within ${timeoutMs} ms; its messages stay pending`);
    }
    await Promise.all([this.reader.quit().catch(() => undefined), this.control.quit().catch(() => undefined)]);
  }

  /** Drops both connections at once, as a crash would: nothing more is acknowledged. */
  disconnect(): void {
    this.stopping = true;
    this.processor.halted = true;
    this.abort.abort();
    this.dropConnections();
  }

  health(): ConsumerHealth {
    const connected = this.reader.status === 'ready' && this.control.status === 'ready';
    const lastError = this.lastError ?? this.writer.lastError;
    return {
      healthy: connected && this.failures === 0 && this.writer.lastError === undefined && this.loop !== undefined && !this.stopping,
      connected,
      running: this.loop !== undefined && !this.stopping,
      handled: this.processor.handled,
      duplicatesSkipped: this.processor.duplicates,
      handlerFailures: this.processor.handlerFailures,
      deadLettered: this.processor.deadLettered,
      reclaimed: this.reclaimed,
      ...(lastError === undefined ? {} : { lastError }),
    };
  }

  /** Per stream: length, this group's pending count and lag (XINFO GROUPS). */
  lag(): Promise<StreamLag[]> {
    return readLag(this.control, this.streams, this.config.group);
  }

  /** Trims this consumer's streams by MINID up to `upToMs` once their events are in the store; never past what a group still needs. */
  trimStored(upToMs: number): Promise<number> {
    return trimStreams(this.control, this.streamNames, upToMs);
  }

  deadLetters(limit = 100): Promise<DeadLetter[]> {
    return readDeadLetters(this.control, this.deadLetterStream, limit);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.phase = 'waiting';
        await waitUntilReady(this.reader);
        await waitUntilReady(this.control);
        this.phase = 'working';
        if (this.groupsMissing) {
          await ensureGroups(this.control, this.streamNames, this.config.group, this.options.startId);
          this.groupsMissing = false;
        }
        if (this.recoverPending) {
          await this.recoverOwnPending();
          this.recoverPending = false;
        }
        if (this.options.clock.nowMs() >= this.nextClaimAtMs) {
          await this.reclaim();
          this.nextClaimAtMs = this.options.clock.nowMs() + this.options.claimIntervalMs;
        }
        if (!this.stopping) await this.readAndConsume();
        this.failures = 0;
        this.lastError = undefined;
      } catch (error) {
        if (this.stopping) break;
        this.failed(error);
        await sleep(backoffMs(this.failures, this.options.retryMinMs, this.options.retryMaxMs), undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
    if (this.control.status === 'ready') this.sendAcks(this.control); // what the last batch handled
    this.phase = 'idle';
  }

  private sendAcks(connection: Redis): void {
    if (this.unsentAcks.length === 0) return;
    const acks = this.unsentAcks;
    this.unsentAcks = [];
    const sent = this.writer.sendAcks(connection, acks);
    this.pendingCommit = this.pendingCommit.then(() => sent);
  }

  /**
   * One XREADGROUP over every stream, highest priority first: it answers at once with what the streams hold (the
   * higher priorities first in the batch) and blocks only when they are all empty. One round trip per batch:
   * reading the priority levels one after another cost a round trip per level on every poll, each of them a
   * wait for Redis to be scheduled on a busy machine.
   */
  private async readAndConsume(): Promise<void> {
    const untilClaimMs = Math.max(1, this.nextClaimAtMs - this.options.clock.nowMs());
    const blockMs = Math.min(this.options.blockMs, untilClaimMs);
    const entries = await this.priorityReader.readBlocking(blockMs, () => {
      if (this.stopping) return false;
      this.sendAcks(this.reader);
      this.phase = 'blocked';
      return true;
    });
    this.phase = 'working';
    if (entries.length > 0) await this.consume(entries);
  }

  /** Claims what was left pending longer than claimIdleMs (a dead consumer's, or a failed handler's), highest priority first. */
  private async reclaim(): Promise<void> {
    for (const stream of this.streamNames) {
      let start = '0-0';
      do {
        const claim = await this.priorityReader.claim(stream, this.options.claimIdleMs, start);
        start = claim.next;
        if (claim.entries.length === 0) continue;
        this.reclaimed += claim.entries.length;
        await this.consume(claim.entries, claim.counts);
      } while (start !== '0-0' && !this.stopping);
    }
  }

  /**
   * What this consumer was given and never acknowledged (a reply lost with the connection, a restart under the
   * same name) comes first, so a key's older message is not overtaken by its newer ones read with `>`.
   */
  private async recoverOwnPending(): Promise<void> {
    for (const stream of this.streamNames) {
      let after = '0';
      while (!this.stopping) {
        const pending = await this.priorityReader.readOwnPending(stream, after);
        if (pending.next === '0-0') break;
        after = pending.next;
        if (pending.entries.length > 0) await this.consume(pending.entries, pending.counts);
      }
    }
  }

  private async consume(entries: readonly RawEntry[], counts?: ReadonlyMap<string, number>): Promise<void> {
    const outcome: BatchOutcome = await this.processor.process(entries, counts);
    if (this.stopping && this.control.status !== 'ready') return;
    if (outcome.deadLetters.length === 0) {
      // The usual case: acknowledged on the read connection, in the same round trip as the next read.
      for (const entry of outcome.acks) this.unsentAcks.push(entry);
      return;
    }
    await this.pendingCommit; // one acknowledgement in flight at a time; it overlaps the next read
    this.pendingCommit = this.writer.write(outcome);
  }

  private failed(error: unknown): void {
    this.failures++;
    this.recoverPending = true;
    this.lastError = errorText(error);
    if (this.lastError.startsWith('NOGROUP')) this.groupsMissing = true; // the stream or group is gone (Redis lost its data): create again
    this.options.logger.warn({ err: this.lastError, failures: this.failures }, 'stream read failed; retrying');
  }

  private dropConnections(): void {
    this.reader.disconnect();
    this.control.disconnect();
  }
}
