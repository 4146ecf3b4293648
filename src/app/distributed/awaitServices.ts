import type { Logger } from '../../core/index.js';
import type { Redis } from 'ioredis';
import { readHeartbeats, type ServiceStatus } from './collectStatus.js';

/**
 * What is missing for a lockstep replay to start: every named service active, and for a partitioned one every
 * partition of its `i/n` split (or one unpartitioned `*` process). Empty when everyone is there.
 */
export function missingServices(services: readonly ServiceStatus[], required: readonly string[]): string[] {
  const active = services.filter((s) => s.role === 'active');
  const missing: string[] = [];
  for (const name of required) {
    const mine = active.filter((s) => s.service === name);
    if (mine.length === 0) {
      missing.push(name);
      continue;
    }
    if (mine.some((s) => s.partition === '*')) continue;
    const count = Number(mine[0]!.partition.split('/')[1]);
    for (let i = 0; i < count; i++) if (!mine.some((s) => s.partition === `${i}/${count}`)) missing.push(`${name} ${i}/${count}`);
  }
  return missing;
}

/** Waits until `missingServices` is empty (their consumer groups then exist, so the replay can wait on them). */
export async function awaitServices(redis: Redis, prefix: string, required: readonly string[], logger: Logger, stopped: () => boolean): Promise<void> {
  let lastMissing = '';
  while (!stopped()) {
    try {
      const missing = missingServices(await readHeartbeats(redis, prefix), required);
      if (missing.length === 0) return;
      const text = missing.join(', ');
      if (text !== lastMissing) logger.info({ component: 'lockstep', missing }, `replay waits for: ${text}`);
      lastMissing = text;
    } catch {
      // Redis away: look again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
