import type { Redis } from 'ioredis';
import type { Logger } from '../../core/index.js';

/** Renew only while the lease is still ours. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) and 1 or 0 end
return 0`;

export interface ServiceLeaseOptions {
  readonly redis: Redis;
  readonly key: string;
  /** This process (`host/pid/instance`). */
  readonly holder: string;
  readonly ttlMs?: number;
  readonly logger: Logger;
  /** Called once if another process holds the lease after all (a pause longer than the TTL): stop consuming at once. */
  readonly onLost: () => void;
}

/**
 * One active process per service (and strategy partition): the one holding `key` in Redis. The others are
 * standbys, waiting in `acquire` until the holder stops renewing (a crash), then taking over — the state they
 * rebuild and the messages the holder left pending make the takeover lossless. While Redis itself is away the
 * holder keeps working (nobody else can take the lease either) and renews once it is back.
 */
export class ServiceLease {
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private released = false;

  constructor(private readonly options: ServiceLeaseOptions) {
    this.ttlMs = options.ttlMs ?? 3_000;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Resolves once this process holds the lease; `onWait` is called each time it finds another holder. */
  async acquire(onWait?: (holder: string) => void): Promise<void> {
    const { redis, key, holder } = this.options;
    while (!this.released) {
      try {
        const ok = await redis.set(key, holder, 'PX', this.ttlMs, 'NX');
        if (ok === 'OK') break;
        onWait?.(String(await redis.get(key)));
      } catch {
        // Redis away: try again
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, this.ttlMs / 4)));
    }
    if (this.released) return;
    this.held = true;
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.ttlMs / 3)));
  }

  async release(): Promise<void> {
    this.released = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (!this.held) return;
    this.held = false;
    const { redis, key, holder } = this.options;
    await redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, key, holder).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    const { redis, key, holder, logger } = this.options;
    let renewed: unknown;
    try {
      renewed = await redis.eval(RENEW, 1, key, holder, this.ttlMs);
    } catch {
      return; // Redis away: keep working, renew when it is back
    }
    if (Number(renewed) === 1 || renewed === 'OK' || !this.held) return;
    this.held = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    logger.error({ component: 'lease', key, holder }, 'another process took over this service: stopping');
    this.options.onLost();
  }
}
