import type { Logger } from '../../../core/index.js';
import type { BatchHandler, Delivery, MessageHandler } from './consumerOptions.js';
import type { DeadLetterRecord } from './deadLetter.js';
import { decodeStreamEntry } from './decodeStreamEntry.js';
import type { IdempotencyCache } from './IdempotencyCache.js';
import { errorText } from './redisConnection.js';
import type { RawEntry } from './streamReply.js';

/** What to write back after a batch: entries to acknowledge and entries to move to the dead-letter stream (and then acknowledge). */
export interface BatchOutcome {
  readonly acks: RawEntry[];
  readonly deadLetters: DeadLetterRecord[];
}

export interface BatchProcessorOptions {
  readonly handler: MessageHandler | undefined;
  readonly batchHandler: BatchHandler | undefined;
  readonly maxDeliveries: number;
  readonly cache: IdempotencyCache;
  readonly logger: Logger;
}

/**
 * Turns read entries into handled messages: decodes and validates each (bad bytes → dead letter), skips
 * idempotency keys already handled, calls the handler and waits for it; a message is acknowledged only once
 * its handler resolved, and is left pending (retried later) when it threw, until `maxDeliveries` attempts
 * send it to the dead-letter stream with the error.
 */
export class BatchProcessor {
  handled = 0;
  duplicates = 0;
  handlerFailures = 0;
  deadLettered = 0;
  lastHandlerError: string | undefined;
  /** Set when the consumer is dropped (as a crash would): the rest of the batch in hand is not handled. */
  halted = false;

  constructor(private readonly options: BatchProcessorOptions) {}

  /** `counts`: delivery counts of reclaimed entries (absent: first delivery). */
  async process(entries: readonly RawEntry[], counts?: ReadonlyMap<string, number>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { acks: [], deadLetters: [] };
    const deliveries: Delivery[] = [];
    const sources: RawEntry[] = [];
    const { cache, maxDeliveries } = this.options;
    const inBatch = new Set<string>();
    for (const entry of entries) {
      const count = counts === undefined ? 1 : (counts.get(entry.id) ?? 2);
      if (count > maxDeliveries) {
        this.deadLetter(outcome, { entry, deliveries: count, reason: `delivered ${count} times without an acknowledgement (maxDeliveries ${maxDeliveries})` });
        continue;
      }
      const decoded = decodeStreamEntry(entry.fields);
      if (!decoded.ok) {
        this.deadLetter(outcome, { entry, deliveries: count, reason: decoded.reason });
        continue;
      }
      const key = decoded.message.idempotencyKey;
      if (inBatch.has(key) || cache.has(key)) {
        this.duplicates++;
        outcome.acks.push(entry);
        continue;
      }
      inBatch.add(key);
      deliveries.push({ stream: entry.stream, id: entry.id, deliveries: count, message: decoded.message });
      sources.push(entry);
    }
    if (deliveries.length > 0) {
      if (this.options.batchHandler !== undefined) await this.handleBatch(this.options.batchHandler, deliveries, sources, outcome);
      else await this.handleEach(this.options.handler!, deliveries, sources, outcome);
    }
    return outcome;
  }

  private async handleEach(handler: MessageHandler, deliveries: readonly Delivery[], sources: readonly RawEntry[], outcome: BatchOutcome): Promise<void> {
    for (let i = 0; i < deliveries.length && !this.halted; i++) {
      const delivery = deliveries[i]!;
      try {
        const result = handler(delivery.message, delivery);
        if (result !== undefined) await result;
        this.succeeded(delivery, sources[i]!, outcome);
      } catch (error) {
        this.failed(delivery, sources[i]!, error, outcome);
      }
    }
  }

  /** One call for the batch; if it fails, each message is tried alone so one bad message does not hold back the rest. */
  private async handleBatch(handler: BatchHandler, deliveries: readonly Delivery[], sources: readonly RawEntry[], outcome: BatchOutcome): Promise<void> {
    try {
      await handler(deliveries);
      for (let i = 0; i < deliveries.length; i++) this.succeeded(deliveries[i]!, sources[i]!, outcome);
      return;
    } catch (error) {
      if (deliveries.length === 1) {
        this.failed(deliveries[0]!, sources[0]!, error, outcome);
        return;
      }
    }
    for (let i = 0; i < deliveries.length && !this.halted; i++) {
      try {
        await handler([deliveries[i]!]);
        this.succeeded(deliveries[i]!, sources[i]!, outcome);
      } catch (error) {
        this.failed(deliveries[i]!, sources[i]!, error, outcome);
      }
    }
  }

  private succeeded(delivery: Delivery, source: RawEntry, outcome: BatchOutcome): void {
    this.options.cache.add(delivery.message.idempotencyKey);
    this.handled++;
    outcome.acks.push(source);
  }

  private failed(delivery: Delivery, source: RawEntry, error: unknown, outcome: BatchOutcome): void {
    this.handlerFailures++;
    const message = errorText(error);
    this.lastHandlerError = message;
    if (delivery.deliveries >= this.options.maxDeliveries) {
      this.deadLetter(outcome, { entry: source, deliveries: delivery.deliveries, reason: `handler failed ${delivery.deliveries} times`, error: message });
      return;
    }
    this.options.logger.warn(
      { stream: delivery.stream, id: delivery.id, deliveries: delivery.deliveries, err: message },
      'handler failed; the message stays pending and is retried',
    );
  }

  private deadLetter(outcome: BatchOutcome, record: DeadLetterRecord): void {
    this.deadLettered++;
    outcome.deadLetters.push(record);
    this.options.logger.warn(
      { stream: record.entry.stream, id: record.entry.id, reason: record.reason, ...(record.error === undefined ? {} : { err: record.error }) },
      'message moved to the dead-letter stream',
    );
  }
}
