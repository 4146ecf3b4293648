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

  async write(outcome: BatchOutcome): Promise<void> {
    try {
      const acks = outcome.acks.slice();
      if (outcome.deadLetters.length > 0) acks.push(...(await this.writeDeadLetters(outcome)));
      if (acks.length === 0) return;
      const byStream = new Map<string, string[]>();
      for (const entry of acks) {
        const ids = byStream.get(entry.stream);
        if (ids === undefined) byStream.set(entry.stream, [entry.id]);
        else ids.push(entry.id);
      }
      const pipeline = this.redis.pipeline();
      for (const [stream, ids] of byStream) pipeline.xack(stream, this.group, ...ids);
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
