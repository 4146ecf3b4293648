import type { Redis } from 'ioredis';
import { parseDeadLetters, type DeadLetter } from './deadLetter.js';
import type { StreamRef } from './StreamLayout.js';
import { flatRecord } from './streamReply.js';
import { ageBoundId, trimStream } from './trimScript.js';

/** A group's position on one stream, for `fortress status`. */
export interface StreamLag extends StreamRef {
  readonly group: string;
  /** Entries in the stream (after trimming). */
  readonly length: number;
  /** Delivered to a consumer of the group and not yet acknowledged. */
  readonly pending: number;
  /** Entries not yet delivered to the group (null when Redis cannot tell, e.g. after a deletion). */
  readonly lag: number | null;
  readonly lastDeliveredId: string;
  readonly consumers: number;
}

/** Creates the group on every stream (and the stream itself); a group that exists is left as it is. */
export async function ensureGroups(redis: Redis, streams: readonly string[], group: string, startId: '0' | '$'): Promise<void> {
  const pipeline = redis.pipeline();
  for (const stream of streams) pipeline.xgroup('CREATE', stream, group, startId, 'MKSTREAM');
  const results = await pipeline.exec();
  if (results === null) throw new Error('XGROUP CREATE pipeline aborted');
  for (const [error] of results) {
    if (error !== null && !error.message.startsWith('BUSYGROUP')) throw error;
  }
}

export async function readLag(redis: Redis, streams: readonly StreamRef[], group: string): Promise<StreamLag[]> {
  const pipeline = redis.pipeline();
  for (const stream of streams) pipeline.call('XINFO', 'GROUPS', stream.name).xlen(stream.name);
  const results = (await pipeline.exec()) ?? [];
  return streams.map((stream, i) => {
    const [groupsError, groups] = results[2 * i] ?? [new Error('no reply'), null];
    const length = Number(results[2 * i + 1]?.[1] ?? 0);
    const info = groupsError === null && Array.isArray(groups) ? groups.map(flatRecord).find((g) => g.name === group) : undefined;
    const lag = info?.lag;
    return {
      ...stream,
      group,
      length,
      pending: Number(info?.pending ?? 0),
      lag: lag === null || lag === undefined ? (info === undefined ? length : null) : Number(lag),
      lastDeliveredId: typeof info?.['last-delivered-id'] === 'string' ? info['last-delivered-id'] : '0-0',
      consumers: Number(info?.consumers ?? 0),
    };
  });
}

/**
 * Removes entries older than `upToMs` (Redis time of the XADD), exactly (not `~`), but never one that any group
 * still needs: the bound is lowered to each group's oldest pending entry and to just after its last delivered
 * one (see trimScript.ts; the periodic StreamTrimmer uses the same script). Answers the number of entries removed.
 */
export async function trimStreams(redis: Redis, streams: readonly string[], upToMs: number): Promise<number> {
  let removed = 0;
  for (const stream of streams) removed += (await trimStream(redis, stream, { ageBoundId: ageBoundId(upToMs, 0), withGroups: true, exact: true })).removed;
  return removed;
}

/** The oldest `limit` entries of the dead-letter stream. */
export async function readDeadLetters(redis: Redis, deadLetterStream: string, limit: number): Promise<DeadLetter[]> {
  const reply = await redis.callBuffer('XRANGE', deadLetterStream, '-', '+', 'COUNT', limit);
  return parseDeadLetters(deadLetterStream, reply);
}
