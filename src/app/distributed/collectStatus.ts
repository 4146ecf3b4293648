import type { Redis } from 'ioredis';
import { HEARTBEAT_KIND } from './Heartbeat.js';
import { runtimeKey } from './redisControl.js';
import type { StreamLayout } from './redisTransport.js';

/** One process of the deployment, as its heartbeat says. */
export interface ServiceStatus {
  readonly service: string;
  readonly partition: string;
  readonly instance: string;
  readonly host: string;
  readonly pid: number;
  readonly role: string;
  readonly health: string;
  readonly handled: number;
  readonly lastError: string;
  readonly detail: string;
  readonly updatedAt: string;
}

export interface GroupStatus {
  readonly group: string;
  readonly pending: number;
  /** Entries not yet delivered to the group (null when Redis cannot tell). */
  readonly lag: number | null;
  readonly consumers: number;
}

export interface StreamStatus {
  readonly stream: string;
  readonly length: number;
  readonly groups: readonly GroupStatus[];
}

export interface DeploymentStatus {
  readonly services: readonly ServiceStatus[];
  readonly streams: readonly StreamStatus[];
  readonly deadLetters: number;
}

/** Every live heartbeat, sorted by service, partition and instance. */
export async function readHeartbeats(redis: Redis, prefix: string): Promise<ServiceStatus[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', runtimeKey(prefix, HEARTBEAT_KIND, '*'), 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const replies = (await pipeline.exec()) ?? [];
  const services: ServiceStatus[] = [];
  for (const [error, value] of replies) {
    if (error !== null || value === null || typeof value !== 'object') continue;
    const h = value as Record<string, string>;
    if (h.service === undefined) continue;
    services.push({
      service: h.service, partition: h.partition ?? '*', instance: h.instance ?? '', host: h.host ?? '', pid: Number(h.pid ?? 0), role: h.role ?? '?',
      health: h.health ?? '?', handled: Number(h.handled ?? 0), lastError: h.lastError ?? '', detail: h.detail ?? '', updatedAt: h.updatedAt ?? '',
    });
  }
  return services.sort((a, b) => `${a.service} ${a.partition} ${a.instance}`.localeCompare(`${b.service} ${b.partition} ${b.instance}`));
}

/** Services, every stream's consumer groups (pending, lag) and the dead-letter count: what `fortress status` prints. */
export async function collectStatus(redis: Redis, layout: StreamLayout): Promise<DeploymentStatus> {
  const services = await readHeartbeats(redis, layout.prefix);
  const names = layout.streams().map((s) => s.name);
  const pipeline = redis.pipeline();
  for (const name of names) pipeline.xlen(name).call('XINFO', 'GROUPS', name);
  pipeline.xlen(layout.deadLetterStream);
  const replies = (await pipeline.exec()) ?? [];
  const streams: StreamStatus[] = [];
  names.forEach((stream, i) => {
    const length = Number(replies[2 * i]?.[1] ?? 0);
    const [groupsError, groups] = replies[2 * i + 1] ?? [null, null];
    const parsed = groupsError === null && Array.isArray(groups) ? groups.map(groupOf) : [];
    if (length > 0 || parsed.length > 0) streams.push({ stream, length, groups: parsed });
  });
  const deadLetters = Number(replies[2 * names.length]?.[1] ?? 0);
  return { services, streams, deadLetters };
}

function groupOf(reply: unknown): GroupStatus {
  const record = new Map<string, unknown>();
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) record.set(String(reply[i]), reply[i + 1]);
  const lag = record.get('lag');
  return {
    group: String(record.get('name') ?? '?'),
    pending: Number(record.get('pending') ?? 0),
    lag: lag === null || lag === undefined ? null : Number(lag),
    consumers: Number(record.get('consumers') ?? 0),
  };
}
