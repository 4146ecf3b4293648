/**
 * Idempotency keys seen recently, in two generations of at most `capacity` each: when the young one fills it
 * becomes the old one and the oldest keys are forgotten. O(1), no per-key bookkeeping beyond a Set entry.
 */
export class KeyMemory {
  private young = new Set<string>();
  private old = new Set<string>();

  constructor(private readonly capacity = 500_000) {}

  has(key: string): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  /** Remembers `key`; false when it was already known. */
  add(key: string): boolean {
    if (this.has(key)) return false;
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Set();
    }
    this.young.add(key);
    return true;
  }
}
