import { ValidationError } from '../../../core/index.js';

/**
 * The idempotency keys a consumer has already handled, bounded to `capacity`: least recently used first out,
 * in two generations. Keys go into the current generation; when it holds half the capacity it becomes the
 * previous one and the one before is dropped, and a key found in the previous generation moves back to the
 * current one. So every key used among the last capacity/2 is remembered, at most `capacity` are held, and
 * every operation is O(1). Written here rather than a Map-based LRU because a Map that evicts from its head
 * on every insert leaves deleted slots that each eviction walks past again (that made the consumer 3x slower).
 */
export class IdempotencyCache {
  private current = new Set<string>();
  private previous = new Set<string>();
  private readonly generationSize: number;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 2) throw new ValidationError(`idempotency cache size must be an integer of at least 2, got ${capacity}`);
    this.generationSize = Math.floor(capacity / 2);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Whether `key` was handled; a hit makes it recently used. */
  has(key: string): boolean {
    if (this.current.has(key)) return true;
    if (!this.previous.has(key)) return false;
    this.add(key);
    return true;
  }

  add(key: string): void {
    if (this.current.has(key)) return;
    this.current.add(key);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Set();
    }
  }
}
