import type { Clock } from '../core/index.js';

export interface RateLimit {
  /** Requests a caller may make at once. */
  readonly burst: number;
  /** Requests per second it earns back. */
  readonly perSecond: number;
}

interface Bucket {
  tokens: number;
  lastMs: number;
}

const DEFAULT_MAX_KEYS = 10_000;

/**
 * A token bucket per key (the caller's address): `burst` requests at once, `perSecond` after that. Written
 * here because the rate-limit plugin is not a dependency and this is twenty lines. The key table is bounded:
 * past `maxKeys`, the longest-idle caller is forgotten (it gets a full bucket back, which is harmless).
 */
export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {
    if (!(limit.burst >= 1) || !(limit.perSecond > 0)) throw new RangeError(`rate limit needs burst >= 1 and perSecond > 0, got ${JSON.stringify(limit)}`);
  }

  /** 0 when the request may go ahead (a token is spent), else the milliseconds until the next token. */
  take(key: string): number {
    const nowMs = this.clock.nowMs();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.limit.burst, lastMs: nowMs };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    } else {
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((nowMs - bucket.lastMs) / 1000) * this.limit.perSecond);
      bucket.lastMs = nowMs;
      this.buckets.delete(key); // re-inserted below: the map stays in order of last use
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.limit.perSecond) * 1000);
  }
}
