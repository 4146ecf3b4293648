import { EVENT_TYPES, ValidationError } from '../../../core/index.js';
import { EVENT_FAMILIES, MARKET_ROUTE, STREAM_FAMILIES, STREAM_PRIORITIES } from './eventFamilies.js';
import type { StreamFamily, StreamPriority, StreamRoute } from './eventFamilies.js';
import { isMarketMessage, type TransportMessage } from './marketMessage.js';
import { stableHash } from './stableHash.js';

/** One stream: a family's messages of one priority whose key hashes to `partition`. */
export interface StreamRef {
  readonly name: string;
  readonly family: StreamFamily;
  readonly priority: StreamPriority;
  readonly partition: number;
}

/** A service's share of a family's partitions: partition p is its own when p % count === index. */
export interface PartitionShare {
  readonly index: number;
  readonly count: number;
}

export interface StreamLayoutOptions {
  /** Partitions per family (default 1 each). Every process of a deployment must use the same numbers. */
  readonly partitions?: Partial<Readonly<Record<StreamFamily, number>>>;
  /** First segment of every stream name (default `fortress`). */
  readonly prefix?: string;
}

export interface StreamSelection {
  /** Default: every family. */
  readonly families?: readonly StreamFamily[];
  readonly share?: PartitionShare;
}

/**
 * Names and partitions of the streams: `<prefix>:<family>:<priority>:<partition>`, partition = stable hash of
 * the message key mod the family's partition count, so one key always lands on one stream and keeps its
 * order. A family whose events have different priorities has one stream per priority (a CRITICAL
 * TradingStateChanged must not wait behind the risk family's HIGH backlog), so order is kept per key within a
 * priority, and a higher priority overtakes a lower one by design.
 */
export class StreamLayout {
  readonly prefix: string;
  readonly deadLetterStream: string;
  private readonly partitionCounts: Readonly<Record<StreamFamily, number>>;
  /** Stream names by partition, per event type: the publish path does one lookup and one hash. */
  private readonly namesByType = new Map<string, readonly string[]>();
  private readonly marketNames: readonly string[];

  constructor(options: StreamLayoutOptions = {}) {
    this.prefix = options.prefix ?? 'fortress';
    this.deadLetterStream = `${this.prefix}:dead-letter`;
    const counts = {} as Record<StreamFamily, number>;
    for (const family of STREAM_FAMILIES) {
      const count = options.partitions?.[family] ?? 1;
      if (!Number.isSafeInteger(count) || count < 1 || count > 1024) {
        throw new ValidationError(`partitions of stream family ${family} must be an integer 1..1024, got ${count}`, { family, count });
      }
      counts[family] = count;
    }
    this.partitionCounts = counts;
    for (const type of EVENT_TYPES) this.namesByType.set(type, this.namesOf(EVENT_FAMILIES[type]));
    this.marketNames = this.namesOf(MARKET_ROUTE);
  }

  partitionsOf(family: StreamFamily): number {
    return this.partitionCounts[family];
  }

  partitionOf(family: StreamFamily, key: string): number {
    const count = this.partitionCounts[family];
    return count === 1 ? 0 : stableHash(key) % count;
  }

  streamName(family: StreamFamily, priority: StreamPriority, partition: number): string {
    return `${this.prefix}:${family}:${priority.toLowerCase()}:${partition}`;
  }

  /** The stream a message goes to (hot path: no allocation). */
  streamFor(message: TransportMessage): string {
    const names = isMarketMessage(message) ? this.marketNames : this.namesByType.get(message.type);
    if (names === undefined) throw new ValidationError(`unknown event type ${(message as { type: string }).type}`);
    return names.length === 1 ? names[0]! : names[stableHash(message.key) % names.length]!;
  }

  /** The streams of the selected families (only the priorities that occur), highest priority first. */
  streams(selection: StreamSelection = {}): StreamRef[] {
    const families = selection.families ?? STREAM_FAMILIES;
    const share = selection.share;
    if (share !== undefined) checkShare(share);
    const refs: StreamRef[] = [];
    for (const priority of STREAM_PRIORITIES) {
      for (const family of families) {
        if (!routesOf(family).some((r) => r.priority === priority)) continue;
        for (let partition = 0; partition < this.partitionCounts[family]; partition++) {
          if (share !== undefined && partition % share.count !== share.index) continue;
          refs.push({ name: this.streamName(family, priority, partition), family, priority, partition });
        }
      }
    }
    return refs;
  }

  private namesOf(route: StreamRoute): readonly string[] {
    return Array.from({ length: this.partitionCounts[route.family] }, (_, p) => this.streamName(route.family, route.priority, p));
  }
}

function routesOf(family: StreamFamily): readonly StreamRoute[] {
  if (family === 'market') return [MARKET_ROUTE];
  return EVENT_TYPES.map((type) => EVENT_FAMILIES[type]).filter((r) => r.family === family);
}

function checkShare(share: PartitionShare): void {
  if (!Number.isSafeInteger(share.count) || share.count < 1 || !Number.isSafeInteger(share.index) || share.index < 0 || share.index >= share.count) {
    throw new ValidationError(`partition share ${share.index}/${share.count} must be i/n with 0 <= i < n`, { ...share });
  }
}

/** Reads `--partition i/n` (e.g. `0/2`). */
export function parsePartitionShare(text: string): PartitionShare {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new ValidationError(`partition "${text}" must be written i/n, e.g. 0/2`, { value: text });
  const share = { index: Number(match[1]), count: Number(match[2]) };
  checkShare(share);
  return share;
}
