import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { runtimeKey } from './redisControl.js';

/** What a service says about itself every second (a Redis hash that expires when it stops saying it). */
export interface ServiceBeat {
  readonly role: 'starting' | 'standby' | 'catching-up' | 'active' | 'stopping';
  readonly health: 'ok' | 'degraded';
  readonly lastError?: string;
  /** Messages applied since start. */
  readonly handled: number;
  readonly detail?: string;
}

export interface HeartbeatOptions {
  readonly redis: Redis;
  readonly prefix: string;
  readonly service: string;
  /** `i/n` or `*`. */
  readonly partition: string;
  readonly instance: string;
  readonly intervalMs?: number;
  readonly beat: () => ServiceBeat;
}

export const HEARTBEAT_KIND = 'service';

/** The key of one process's heartbeat: `<prefix>:service:<name>:<partition>:<instance>`. */
export function heartbeatKey(prefix: string, service: string, partition: string, instance: string): string {
  return runtimeKey(prefix, HEARTBEAT_KIND, service, partition, instance);
}

/**
 * Writes the heartbeat every `intervalMs` (default 1 s) with a time to live of five intervals: `fortress status`
 * lists the hashes it finds, and a process that died simply disappears from the list. Failures (Redis away) are
 * ignored: the next beat tries again.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly key: string;
  private readonly startedAt = new Date().toISOString();

  constructor(private readonly options: HeartbeatOptions) {
    this.key = heartbeatKey(options.prefix, options.service, options.partition, options.instance);
  }

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.intervalMs ?? 1_000);
  }

  async beat(): Promise<void> {
    const { redis, service, partition, instance } = this.options;
    const beat = this.options.beat();
    const fields: Record<string, string> = {
      service, partition, instance, pid: String(process.pid), host: hostname(), role: beat.role, health: beat.health,
      handled: String(beat.handled), lastError: beat.lastError ?? '', detail: beat.detail ?? '', startedAt: this.startedAt, updatedAt: new Date().toISOString(),
    };
    const ttlMs = 5 * (this.options.intervalMs ?? 1_000);
    await redis.multi().hset(this.key, fields).pexpire(this.key, ttlMs).exec().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.options.redis.del(this.key).catch(() => undefined);
  }
}
