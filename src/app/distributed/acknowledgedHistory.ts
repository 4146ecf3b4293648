import type { Redis } from 'ioredis';
import { compareConsumed } from './compareConsumed.js';
import { decodeStreamEntry } from './redisTransport.js';
import type { ConsumedMessage } from './transportPorts.js';

const PAGE = 1_000;

/**
 * Everything `group` has already acknowledged on `streams`: entries up to the group's last delivered id that no
 * consumer of the group holds pending. In stream-entry order across the streams — the order a lockstep
 * service applied them in — so re-running them rebuilds the service's state exactly. Entries that do not decode
 * were dead-lettered, not applied, and are left out.
 */
export async function acknowledgedHistory(redis: Redis, streams: readonly string[], group: string): Promise<ConsumedMessage[]> {
  const history: ConsumedMessage[] = [];
  for (const stream of streams) {
    const lastDelivered = await lastDeliveredId(redis, stream, group);
    if (lastDelivered === undefined || lastDelivered === '0-0') continue;
    const pending = await pendingIds(redis, stream, group);
    let start = '-';
    for (;;) {
      const reply = (await redis.callBuffer('XRANGE', stream, start, lastDelivered, 'COUNT', PAGE)) as unknown[];
      if (!Array.isArray(reply) || reply.length === 0) break;
      let lastId = '';
      for (const entry of reply) {
        if (!Array.isArray(entry) || entry.length < 2 || !Array.isArray(entry[1])) continue;
        lastId = String(entry[0]);
        if (pending.has(lastId)) continue;
        const decoded = decodeStreamEntry((entry[1] as unknown[]).map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(String(f)))));
        if (decoded.ok) history.push({ stream, id: lastId, message: decoded.message });
      }
      if (reply.length < PAGE || lastId === '') break;
      start = `(${lastId}`;
    }
  }
  return history.sort(compareConsumed);
}

async function lastDeliveredId(redis: Redis, stream: string, group: string): Promise<string | undefined> {
  let groups: unknown;
  try {
    groups = await redis.call('XINFO', 'GROUPS', stream);
  } catch (error) {
    if (error instanceof Error && error.message.includes('no such key')) return undefined;
    throw error;
  }
  if (!Array.isArray(groups)) return undefined;
  for (const info of groups) {
    if (!Array.isArray(info)) continue;
    const record = new Map<string, unknown>();
    for (let i = 0; i + 1 < info.length; i += 2) record.set(String(info[i]), info[i + 1]);
    if (String(record.get('name')) === group) return String(record.get('last-delivered-id'));
  }
  return undefined;
}

async function pendingIds(redis: Redis, stream: string, group: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let start = '-';
  for (;;) {
    const rows = (await redis.call('XPENDING', stream, group, start, '+', PAGE)) as unknown[];
    if (!Array.isArray(rows) || rows.length === 0) break;
    let lastId = '';
    for (const row of rows) if (Array.isArray(row)) ids.add((lastId = String(row[0])));
    if (rows.length < PAGE || lastId === '') break;
    start = `(${lastId}`;
  }
  return ids;
}
