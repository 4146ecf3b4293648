import type { Redis } from 'ioredis';
import type { Bar } from '../../core/index.js';
import { compareEntryIds } from './compareConsumed.js';
import { LOCKSTEP_PHASES, lockstepPhaseOf } from './lockstepPhase.js';
import type { LockstepPosition } from './LockstepDriver.js';
import { decodeStreamEntry } from './redisTransport.js';
import { isMarketMessage } from './transportPorts.js';

/**
 * Where a restarted market-data service picks a lockstep replay up: after the last bar phase on the market
 * streams (the newest entry across them — phases are published one at a time). The start when there is none.
 */
export async function resumePosition(redis: Redis, marketStreams: readonly string[], bars: readonly Bar[]): Promise<LockstepPosition> {
  let newest: { id: string; fields: Buffer[] } | undefined;
  for (const stream of marketStreams) {
    const reply = (await redis.callBuffer('XREVRANGE', stream, '+', '-', 'COUNT', 1)) as unknown[];
    const entry = Array.isArray(reply) ? reply[0] : undefined;
    if (!Array.isArray(entry) || !Array.isArray(entry[1])) continue;
    const id = String(entry[0]);
    if (newest === undefined || compareEntryIds(id, newest.id) > 0) newest = { id, fields: entry[1] as Buffer[] };
  }
  if (newest === undefined) return { barIndex: 0, phase: 0 };
  const decoded = decodeStreamEntry(newest.fields);
  if (!decoded.ok || !isMarketMessage(decoded.message) || decoded.message.kind !== 'bar') return { barIndex: 0, phase: 0 };
  const { bar } = decoded.message;
  const phase = lockstepPhaseOf(decoded.message);
  const index = bars.findIndex((b) => b.instrumentId === bar.instrumentId && b.ts === bar.ts);
  if (phase === undefined || index < 0) return { barIndex: 0, phase: 0 };
  const next = LOCKSTEP_PHASES.indexOf(phase) + 1;
  return next < LOCKSTEP_PHASES.length ? { barIndex: index, phase: next } : { barIndex: index + 1, phase: 0 };
}
