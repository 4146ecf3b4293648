import type { Redis } from 'ioredis';
import type { Logger } from '../../../core/index.js';
import type { BatchOutcome } from './BatchProcessor.js';
import { deadLetterFields } from './deadLetter.js';
import { errorText } from './redisConnection.js';
import type { RawEntry } from './streamReply.js';

/**
 * Writes a batch's outcome: dead letters first (XADD to the dead-letter stream), then one XACK per stream for
 * everything handled, skipped as a duplicate, or dead-lettered successfully. A dead letter that could not be
 * written is not acknowledged, so the message comes back rather than vanishing. Never throws: a failed
 * write leaves the messages pending, and they are reclaimed and skipped as duplicates later.
 */
export class AckWriter {
  lastError: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly group: string,
    private readonly consumer: string,
    private readonly deadLetterStream: string,
    private readonly deadLetterMaxLen: number,
    private readonly logger: Logger,
  ) {}

  /**
   * Acknowledges `acks` on `connection` without waiting for the answers: the consumer sends them on its read
   * connection just before its next XREADGROUP, so acknowledging costs no round trip (and no wake-up of Redis)
   * of its own. The promise resolves once Redis answered, and never rejects: a failed XACK leaves the messages
   * pending, as in `write`.
   */
  sendAcks(connection: Redis, acks: readonly RawEntry[]): Promise<void> {
    const replies: Promise<unknown>[] = [];
    for (const [stream, ids] of byStream(acks)) replies.push(connection.xack(stream, this.group, ...ids));
    return Promise.all(replies).then(
      () => {
        this.lastError = undefined;
      },
      (error: unknown) => {
        this.lastError = errorText(error);
        this.logger.warn({ err: this.lastError }, 'acknowledgement failed; the messages stay pending and are reclaimed later');
      },
    );
  }

  async write(outcome: BatchOutcome): Promise<void> {
    try {
      const acks = outcome.acks.slice();
      if (outcome.deadLetters.length > 0) acks.push(...(await this.writeDeadLetters(outcome)));
      if (acks.length === 0) return;
      const pipeline = this.redis.pipeline();
      for (const [stream, ids] of byStream(acks)) pipeline.xack(stream, this.group, ...ids);
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error !== null);
      if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('XACK pipeline aborted');
      this.lastError = undefined;
    } catch (error) {
      this.lastError = errorText(error);
      this.logger.warn({ err: this.lastError }, 'acknowledgement failed; the messages stay pending and are reclaimed later');
    }
  }

  private async writeDeadLetters(outcome: BatchOutcome): Promise<RawEntry[]> {
    const pipeline = this.redis.pipeline();
    for (const record of outcome.deadLetters) {
      pipeline.xadd(this.deadLetterStream, 'MAXLEN', '~', this.deadLetterMaxLen, '*', ...deadLetterFields(record, this.group, this.consumer));
    }
    const results = await pipeline.exec();
    const written: RawEntry[] = [];
    outcome.deadLetters.forEach((record, i) => {
      const error = results?.[i]?.[0];
      if (results !== null && error === null) written.push(record.entry);
      else this.logger.error({ stream: record.entry.stream, id: record.entry.id, err: errorText(error) }, 'dead letter not written; the message stays pending');
    });
    return written;
  }
}

function byStream(entries: readonly RawEntry[]): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const entry of entries) {
    const list = ids.get(entry.stream);
    if (list === undefined) ids.set(entry.stream, [entry.id]);
    else list.push(entry.id);
  }
  return ids;
}
