/**
 * The broker's order rate limit as a token bucket on Clock time: up to `ordersPerSecond` at once, refilled
 * continuously. Written here (a few lines, on every submission) rather than taken from a rate-limit library,
 * which would read the wall clock or set timers; this one only reads the time it is given.
 */
export class SubmitThrottle {
  private tokens: number;
  private lastMs = Number.NaN;

  constructor(private readonly ordersPerSecond: number) {
    this.tokens = ordersPerSecond;
  }

  /** Take one submission from the budget at `nowMs`; false when the budget is spent (the caller waits). */
  take(nowMs: number): boolean {
    if (!(this.ordersPerSecond > 0) || this.ordersPerSecond === Number.POSITIVE_INFINITY) return true;
    if (nowMs > this.lastMs) this.tokens = Math.min(this.ordersPerSecond, this.tokens + ((nowMs - this.lastMs) * this.ordersPerSecond) / 1000);
    if (!(nowMs <= this.lastMs)) this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
