/**
 * The last `capacity` approval times of one account, newest last, in a fixed Float64Array: recording is
 * O(1) and allocation-free, and "the n-th most recent" is one index computation (the order-rate rule).
 */
export class TimeRing {
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  push(tsMs: number): void {
    this.times[this.head] = tsMs;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    if (this.size < this.capacity) this.size++;
  }

  /** The n-th most recent time (1 = the latest), or undefined when fewer than n were recorded. */
  nthRecent(n: number): number | undefined {
    if (n < 1 || n > this.size) return undefined;
    let index = this.head - n;
    if (index < 0) index += this.capacity;
    return this.times[index];
  }

  /** How many recorded times are later than `sinceMs` (newest first, stops at the first older one). */
  countAfter(sinceMs: number): number {
    let count = 0;
    for (let n = 1; n <= this.size; n++) {
      if (this.nthRecent(n)! <= sinceMs) break;
      count++;
    }
    return count;
  }

  clone(): TimeRing {
    const copy = new TimeRing(this.capacity);
    copy.times.set(this.times);
    copy.head = this.head;
    copy.size = this.size;
    return copy;
  }
}
