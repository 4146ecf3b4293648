import { FortressError } from '../../core/index.js';
import type { AnyEvent, EventQuery, EventStore, Snapshot, StoredEvent } from '../../core/index.js';
import { checkEventQuery } from './checkEventQuery.js';
import { encodeSnapshotState } from './encodeSnapshotState.js';
import { matchesEventQuery } from './matchesEventQuery.js';

interface StoredSnapshot {
  readonly name: string;
  readonly seq: number;
  readonly ts: number;
  readonly stateJson: string;
}

/**
 * The in-memory twin of the event store: the backtest's log and the reference the contract suite checks
 * every other store against. `append` is on the hot path of every order, fill and position event, so it is
 * one Set lookup and one array push; seq is the array position plus one, so it is gap-free by construction,
 * and the `{ seq, event }` pairs are made only when read (a million-bar backtest keeps ~350,000 events).
 */
export class MemoryEventStore implements EventStore {
  private readonly events: AnyEvent[] = [];
  private readonly idempotencyKeys = new Set<string>();
  private readonly snapshots = new Map<string, StoredSnapshot>();
  private closed = false;

  append(event: AnyEvent): void {
    if (this.closed) throw closedError();
    const key = event.idempotencyKey;
    if (this.idempotencyKeys.has(key)) return; // a redelivery: already stored
    this.idempotencyKeys.add(key);
    this.events.push(event);
  }

  /** Every stored event in seq order (tests, replay). */
  all(): readonly StoredEvent[] {
    return this.events.map((event, i) => ({ seq: i + 1, event }));
  }

  flush(): Promise<void> {
    return this.closed ? Promise.reject(closedError()) : Promise.resolve();
  }

  async read(query: EventQuery = {}): Promise<StoredEvent[]> {
    if (this.closed) throw closedError();
    checkEventQuery(query);
    const events = this.events;
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    // seq n sits at index n - 1, so seq bounds cut the scan instead of filtering it (paging stays O(page)).
    const start = query.fromSeq === undefined ? 0 : Math.max(0, query.fromSeq - 1);
    const end = query.toSeq === undefined ? events.length : Math.min(events.length, query.toSeq);
    const result: StoredEvent[] = [];
    if (query.order === 'desc') {
      for (let i = end - 1; i >= start && result.length < limit; i--) {
        const event = events[i]!;
        if (matchesEventQuery(event, query)) result.push({ seq: i + 1, event });
      }
      return result;
    }
    for (let i = start; i < end && result.length < limit; i++) {
      const event = events[i]!;
      if (matchesEventQuery(event, query)) result.push({ seq: i + 1, event });
    }
    return result;
  }

  async lastSeq(): Promise<number> {
    if (this.closed) throw closedError();
    return this.events.length;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    if (this.closed) throw closedError();
    const stateJson = encodeSnapshotState(snapshot);
    this.snapshots.set(snapshot.name, { name: snapshot.name, seq: snapshot.seq, ts: snapshot.ts, stateJson });
  }

  async saveSnapshotAtHead(name: string, ts: number, state: unknown): Promise<number> {
    // Appends are stored synchronously here: the head is the seq of the last event appended.
    const seq = this.events.length;
    await this.saveSnapshot({ name, seq, ts, state });
    return seq;
  }

  async loadSnapshot(name: string): Promise<Snapshot | undefined> {
    if (this.closed) throw closedError();
    const stored = this.snapshots.get(name);
    if (stored === undefined) return undefined;
    // A fresh copy each time, as a database would give: the caller may fold into it freely.
    return { name: stored.name, seq: stored.seq, ts: stored.ts, state: JSON.parse(stored.stateJson) as unknown };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function closedError(): FortressError {
  return new FortressError('EVENT_STORE_CLOSED', 'the in-memory event store is closed');
}
