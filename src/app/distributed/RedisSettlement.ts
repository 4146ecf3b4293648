import type { Redis } from 'ioredis';
import type { Logger } from '../../core/index.js';
import type { Settlement } from './LockstepDriver.js';

/**
 * Atomically (one script): the first stream whose groups have not all acknowledged every entry, as
 * `stream group pending=… delivered=… last=…`, or '' when all have. A consumer acknowledges a message only
 * after what it caused is in its streams, so at the instant this returns '' nothing is in flight anywhere.
 */
const UNSETTLED = `
for i = 1, #KEYS do
  local key = KEYS[i]
  if redis.call('EXISTS', key) == 1 then
    local info = redis.call('XINFO', 'STREAM', key)
    local last = ''
    for j = 1, #info, 2 do if info[j] == 'last-generated-id' then last = info[j + 1] end end
    local groups = redis.call('XINFO', 'GROUPS', key)
    for g = 1, #groups do
      local group = groups[g]
      local name, pending, delivered = '', 0, ''
      for j = 1, #group, 2 do
        local field = group[j]
        if field == 'name' then name = group[j + 1]
        elseif field == 'pending' then pending = group[j + 1]
        elseif field == 'last-delivered-id' then delivered = group[j + 1] end
      end
      if pending > 0 or delivered ~= last then
        return key .. ' ' .. name .. ' pending=' .. pending .. ' delivered=' .. delivered .. ' last=' .. last
      end
    end
  end
end
return ''`;

export interface RedisSettlementOptions {
  readonly redis: Redis;
  /** Every stream of the deployment's layout. */
  readonly streams: readonly string[];
  readonly logger: Logger;
  /** Warn when one settlement takes longer than this (a service down or stuck); default 10 s. */
  readonly warnAfterMs?: number;
}

/** The lockstep's watermark on Redis: settled when every consumer group has acknowledged everything (see UNSETTLED). */
export class RedisSettlement implements Settlement {
  /** What the last check found unsettled ('' when settled): shown in status while a replay waits. */
  waitingFor = '';

  constructor(private readonly options: RedisSettlementOptions) {}

  async settled(): Promise<void> {
    const { redis, streams, logger } = this.options;
    const warnAfterMs = this.options.warnAfterMs ?? 10_000;
    const startMs = performance.now();
    let warnedAtMs = startMs;
    for (let attempt = 0; ; attempt++) {
      let unsettled: string;
      try {
        unsettled = String(await redis.eval(UNSETTLED, streams.length, ...streams));
      } catch (error) {
        unsettled = `redis: ${error instanceof Error ? error.message : String(error)}`;
      }
      this.waitingFor = unsettled;
      if (unsettled === '') return;
      const nowMs = performance.now();
      if (nowMs - warnedAtMs > warnAfterMs) {
        warnedAtMs = nowMs;
        logger.warn({ component: 'lockstep', waitingFor: unsettled, waitedMs: Math.round(nowMs - startMs) }, 'replay waits: a service has not acknowledged everything yet (down, restarting or stuck?)');
      }
      // Spin on the event loop first (a hop takes a fraction of a millisecond), then back off a little.
      if (attempt < 20) await new Promise((resolve) => setImmediate(resolve));
      else await new Promise((resolve) => setTimeout(resolve, attempt < 200 ? 1 : 20));
    }
  }
}
