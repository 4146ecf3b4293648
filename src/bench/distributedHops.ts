import type { Redis } from 'ioredis';
import type { StreamLayout } from '../adapters/index.js';
import { percentile } from './types.js';

/** When each event of one signal's chain was made (its envelope `ts`) and appended to Redis (its entry id's ms). */
interface ChainEvent {
  readonly madeMs: number;
  readonly addedMs: number;
}

/** What the execution service saw, per signal (correlation id): the approval's arrival and the order's submission, wall clock. */
export interface ExecutionSighting {
  readonly correlationId: string;
  /** When the tick that closed the signal's bar was published. */
  readonly triggerMs: number;
  readonly approvalSeenMs: number | undefined;
  readonly orderMs: number;
}

/** One hop's p50 and p99 (ms). */
export interface HopStats {
  readonly hop: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Where tick-to-order time goes, hop by hop, read after the run from the signal and risk streams: each event's
 * envelope `ts` (its service's clock when it was made) and its entry id (Redis's clock when it was appended,
 * ms). Every process runs on this machine's one wall clock, so the differences are the hops:
 * strategy read (tick published → signal made), strategy commit+publish (made → in Redis), risk read+decide
 * (signal in Redis → approval made), risk commit+publish (made → in Redis), execution read (approval in Redis →
 * seen by execution) and gate (seen → OrderSubmitted). Entry ids have millisecond resolution.
 */
export async function hopBreakdown(redis: Redis, layout: StreamLayout, sightings: readonly ExecutionSighting[]): Promise<HopStats[]> {
  const signals = new Map<string, ChainEvent>();
  const approvals = new Map<string, ChainEvent>();
  for (const stream of layout.streams({ families: ['signal', 'risk'] }).map((s) => s.name)) {
    const entries = (await redis.xrange(stream, '-', '+')) as [string, string[]][];
    for (const [id, fields] of entries) {
      const event = JSON.parse(fields[1] ?? '{}') as { type?: string; ts?: number; correlationId?: string };
      const target = event.type === 'SignalGenerated' ? signals : event.type === 'RiskApproved' ? approvals : undefined;
      if (target === undefined || event.correlationId === undefined || event.ts === undefined) continue;
      target.set(event.correlationId, { madeMs: event.ts, addedMs: Number(id.split('-')[0]) });
    }
  }
  const hops: [string, number[]][] = [
    ['strategy read+compute (tick published → signal made)', []],
    ['strategy store commit+publish (signal made → in Redis)', []],
    ['risk read+decide (signal in Redis → approval made)', []],
    ['risk store commit+publish (approval made → in Redis)', []],
    ['execution read (approval in Redis → seen)', []],
    ['execution gate+submit (approval seen → OrderSubmitted)', []],
  ];
  for (const s of sightings) {
    const signal = signals.get(s.correlationId);
    const approval = approvals.get(s.correlationId);
    if (signal === undefined || approval === undefined || s.approvalSeenMs === undefined) continue;
    const points = [s.triggerMs, signal.madeMs, signal.addedMs, approval.madeMs, approval.addedMs, s.approvalSeenMs, s.orderMs];
    for (let i = 0; i < hops.length; i++) hops[i]![1].push(points[i + 1]! - points[i]!);
  }
  return hops.map(([hop, samples]) => ({ hop, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) }));
}

export function describeHops(hops: readonly HopStats[]): string {
  return hops.map((h) => `${h.hop} p50 ${h.p50Ms.toFixed(1)} / p99 ${h.p99Ms.toFixed(1)} ms`).join('; ');
}
