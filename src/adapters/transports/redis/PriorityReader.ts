import type { Redis } from 'ioredis';
import { priorityRank } from './eventFamilies.js';
import type { StreamRef } from './StreamLayout.js';
import { collectEntries, collectReadReply, deliveryCounts, text, type RawEntry } from './streamReply.js';

export interface ClaimResult {
  readonly entries: RawEntry[];
  readonly counts: ReadonlyMap<string, number>;
  /** Where the next XAUTOCLAIM continues; `0-0` when the pending list was scanned to its end. */
  readonly next: string;
}

/**
 * The XREADGROUP calls of one consumer, on its read connection: one COUNT-bounded, blocking call over every
 * stream, highest priority first. Redis answers the streams in the order they are named, so the batch holds the
 * CRITICAL entries first and LOW (market data) last; it answers at once when any stream holds entries and
 * otherwise blocks, so that whatever arrives first, a kill switch included, wakes it at once.
 */
export class PriorityReader {
  private readonly allStreams: readonly string[];
  private readerId: number | undefined;

  constructor(
    private readonly reader: Redis,
    private readonly control: Redis,
    streams: readonly StreamRef[],
    private readonly group: string,
    private readonly consumer: string,
    private readonly count: number,
  ) {
    this.allStreams = [...streams].sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority)).map((s) => s.name);
    reader.on('close', () => {
      this.readerId = undefined;
    });
  }

  /** New entries of every stream (higher priorities first); waits up to `blockMs` when there are none. `beforeBlock` may refuse (the consumer is closing). */
  async readBlocking(blockMs: number, beforeBlock: () => boolean): Promise<RawEntry[]> {
    this.readerId ??= Number(await this.reader.call('CLIENT', 'ID'));
    if (!beforeBlock()) return [];
    const args = this.readArgs(this.allStreams, Math.max(1, Math.round(blockMs)));
    const entries: RawEntry[] = [];
    collectReadReply(await this.reader.callBuffer('XREADGROUP', ...args), entries);
    return entries;
  }

  /** Ends a blocking read at once (it returns empty), so a closing consumer need not wait for BLOCK to time out. */
  async unblock(): Promise<void> {
    const id = this.readerId;
    if (id === undefined || this.control.status !== 'ready') {
      this.reader.disconnect();
      return;
    }
    await this.control.call('CLIENT', 'UNBLOCK', id).catch(() => this.reader.disconnect());
  }

  /** XAUTOCLAIM of entries idle at least `idleMs`, with their delivery counts (XPENDING). */
  async claim(stream: string, idleMs: number, start: string): Promise<ClaimResult> {
    const reply = await this.reader.callBuffer('XAUTOCLAIM', stream, this.group, this.consumer, idleMs, start, 'COUNT', this.count);
    const entries: RawEntry[] = [];
    if (!Array.isArray(reply)) return { entries, counts: new Map(), next: '0-0' };
    collectEntries(stream, reply[1], entries);
    const next = text(reply[0]);
    if (entries.length === 0) return { entries, counts: new Map(), next };
    const pending = await this.reader.callBuffer('XPENDING', stream, this.group, entries[0]!.id, entries[entries.length - 1]!.id, entries.length * 2 + 100, this.consumer);
    return { entries, counts: deliveryCounts(pending), next };
  }

  /**
   * This consumer's own pending entries after `after` (XREADGROUP with an id reads its history), with their
   * delivery counts: what it had been given before a reconnect or a restart and never acknowledged. Entries
   * deleted meanwhile are acknowledged on the spot (nothing is left to deliver).
   */
  async readOwnPending(stream: string, after: string): Promise<ClaimResult> {
    const reply = await this.reader.callBuffer('XREADGROUP', 'GROUP', this.group, this.consumer, 'COUNT', this.count, 'STREAMS', stream, after);
    const listed = Array.isArray(reply) && Array.isArray(reply[0]) ? (reply[0] as unknown[])[1] : undefined;
    if (!Array.isArray(listed) || listed.length === 0) return { entries: [], counts: new Map(), next: '0-0' };
    const entries: RawEntry[] = [];
    collectEntries(stream, listed, entries);
    const deleted = listed.filter((entry) => Array.isArray(entry) && entry[1] === null).map((entry) => text((entry as unknown[])[0]));
    if (deleted.length > 0) await this.control.xack(stream, this.group, ...deleted);
    const next = text((listed[listed.length - 1] as unknown[])[0]);
    if (entries.length === 0) return { entries, counts: new Map(), next };
    const pending = await this.reader.callBuffer('XPENDING', stream, this.group, entries[0]!.id, next, entries.length * 2 + 100, this.consumer);
    return { entries, counts: deliveryCounts(pending), next };
  }

  private readArgs(streams: readonly string[], blockMs?: number): (string | number)[] {
    const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
    return ['GROUP', this.group, this.consumer, 'COUNT', this.count, ...block, 'STREAMS', ...streams, ...streams.map(() => '>')];
  }
}
