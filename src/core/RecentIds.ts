/**
 * The most recent `capacity` ids, for dropping redeliveries: a node that runs for months must not keep every
 * signal or fill id it ever saw. Redeliveries come within a window (a bus retry, a consumer takeover, the
 * events after a snapshot), so the oldest ids are the ones to forget. A Set keeps insertion order, so
 * forgetting the oldest is O(1).
 */
export class RecentIds implements Iterable<string> {
  private readonly ids = new Set<string>();

  constructor(
    readonly capacity: number,
    initial: Iterable<string> = [],
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RecentIds capacity must be a positive integer, got ${capacity}`);
    for (const id of initial) this.add(id);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Remember `id` (already known: nothing changes); past capacity the oldest is forgotten. */
  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  /** Oldest first. */
  [Symbol.iterator](): Iterator<string> {
    return this.ids.values();
  }
}
