import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { errorText } from './redisConnection.js';
import { text } from './streamReply.js';

/**
 * One stream's trim, run atomically in Redis (a script, so no XADD, XACK or delivery can slip in between reading
 * the groups and trimming). An entry goes when no consumer group still needs it AND (it is older than the age
 * bound OR it is beyond the newest `maxLen` entries).
 *
 * - What a group still needs starts at its oldest pending entry (delivered, not acknowledged: a dead consumer's
 *   too, which XAUTOCLAIM hands to another later) or, with nothing pending before it, just after its
 *   last-delivered-id; the stream's floor is the smallest of these. Nothing at or after the floor is removed.
 * - The age rule is `XTRIM MINID min(floor, ageBound)`.
 * - The length rule needs the number of entries at or after the floor, which Redis does not tell directly: per
 *   group it is its `lag` (entries not yet delivered) plus the delivered entries from its oldest pending one on
 *   (counted with an XRANGE of at most `scanLimit` entries; normally a batch in flight). When all those are at
 *   most `maxLen`, `XTRIM MAXLEN maxLen` removes only entries below the floor; when they are more, every entry
 *   below the floor is beyond the newest `maxLen` and `XTRIM MINID floor` removes them; when Redis cannot tell
 *   (lag unknown, or more pending history than `scanLimit`), the length rule waits for the next pass.
 * - `~` (approximate) trimming removes only whole radix-tree nodes, a subset of what the exact command would
 *   remove, so it can never cross the floor; it is much cheaper (no node is rewritten) and is what the periodic
 *   trimmer uses. `=` is exact.
 * - Without groups (`withGroups` 0: the dead-letter stream; or a stream no group reads yet) only age and length count.
 *
 * - Approximate trimming removes at most `limit` entries per XTRIM (Redis's own default for `~` is 10,000), so one
 *   call blocks Redis well under a millisecond; the answer says 'more' when a limit was reached, and the caller
 *   calls again.
 *
 * ARGV: ageBound id ('' = no age rule), maxLen (-1 = no length rule), '~' | '=', withGroups '1' | '0', scanLimit, limit.
 * Answers { removed, length after, floor ('' when no group), 'length' when the length rule had to wait, 'more' }.
 */
const TRIM_STREAM = `
local key = KEYS[1]
local ageBound, maxLen, mode, withGroups, scanLimit = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == '1', tonumber(ARGV[5])
local limit = tonumber(ARGV[6])
if redis.call('EXISTS', key) == 0 then return {0, 0, '', '', ''} end
local more = ''
local function trim(strategy, threshold)
  local n
  if mode == '~' then n = redis.call('XTRIM', key, strategy, '~', threshold, 'LIMIT', limit)
  else n = redis.call('XTRIM', key, strategy, '=', threshold) end
  if mode == '~' and n >= limit then more = 'more' end
  return n
end
local function split(id)
  local dash = string.find(id, '-', 1, true)
  if not dash then return tonumber(id), 0 end
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
local function less(a, b)
  local am, as = split(a)
  local bm, bs = split(b)
  if am ~= bm then return am < bm end
  return as < bs
end
local function after(id)
  local dash = string.find(id, '-', 1, true)
  return string.sub(id, 1, dash - 1) .. '-' .. string.format('%d', tonumber(string.sub(id, dash + 1)) + 1)
end
local floor = false
local needed = 0
if withGroups then
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', key)) do
    local f = {}
    for i = 1, #group, 2 do f[group[i]] = group[i + 1] end
    local delivered = f['last-delivered-id']
    local from = after(delivered)
    local need = f['lag']
    if type(need) ~= 'number' then need = -1 end
    if f['pending'] > 0 then
      local oldest = redis.call('XPENDING', key, f['name'])[2]
      if oldest and less(oldest, from) then
        from = oldest
        if need >= 0 then
          local held = redis.call('XRANGE', key, oldest, delivered, 'COUNT', scanLimit + 1)
          if #held > scanLimit then need = -1 else need = need + #held end
        end
      end
    end
    if not floor or less(from, floor) then floor = from end
    if need < 0 or needed < 0 then needed = -1 elseif need > needed then needed = need end
  end
end
local removed = 0
local waited = ''
if ageBound ~= '' then
  local bound = ageBound
  if floor and less(floor, bound) then bound = floor end
  if less('0-1', bound) then removed = removed + trim('MINID', bound) end
end
if maxLen >= 0 and redis.call('XLEN', key) > maxLen then
  if not floor or (needed >= 0 and needed <= maxLen) then
    removed = removed + trim('MAXLEN', maxLen)
  elseif needed > maxLen then
    if less('0-1', floor) then removed = removed + trim('MINID', floor) end
  else
    waited = 'length'
  end
end
return {removed, redis.call('XLEN', key), floor or '', waited, more}
`;

const TRIM_STREAM_SHA = createHash('sha1').update(TRIM_STREAM).digest('hex');

/** What one stream's trim should do. */
export interface TrimRule {
  /** Entries with a smaller id (`<ms>-<seq>`, ms of Redis's clock at XADD) are old. Absent: no age rule. */
  readonly ageBoundId?: string;
  /** Entries beyond the newest `maxLen` may go. Absent: no length rule. */
  readonly maxLen?: number;
  /** Honour the stream's consumer groups (false for the dead-letter stream). */
  readonly withGroups: boolean;
  /** Exact trimming (default approximate, `~`). */
  readonly exact?: boolean;
  /** Most delivered entries counted per group with pending entries for the length rule (default 1,000). */
  readonly scanLimit?: number;
  /** Approximate trimming: most entries removed per XTRIM, i.e. per script call (default 10,000). */
  readonly limit?: number;
  /** Most script calls per stream (default 100): a backlog beyond calls × limit waits for the next pass. */
  readonly maxCalls?: number;
}

export interface TrimOutcome {
  readonly stream: string;
  readonly removed: number;
  /** Entries left. */
  readonly length: number;
  /** The oldest id a group may still need (absent without groups). */
  readonly floorId?: string;
  /** The length rule could not be applied safely this time (see the script) and waits for the next pass. */
  readonly lengthRuleWaited: boolean;
}

export const DEFAULT_SCAN_LIMIT = 1_000;
export const DEFAULT_TRIM_LIMIT = 10_000;
const DEFAULT_MAX_CALLS = 100;

/**
 * Trims one stream by `rule`: one round trip (EVALSHA, loading the script when Redis does not have it yet) per
 * `limit` entries removed, so a large backlog is removed in short steps that let other clients in between.
 */
export async function trimStream(redis: Redis, stream: string, rule: TrimRule): Promise<TrimOutcome> {
  const args = [
    rule.ageBoundId ?? '',
    rule.maxLen ?? -1,
    rule.exact === true ? '=' : '~',
    rule.withGroups ? '1' : '0',
    rule.scanLimit ?? DEFAULT_SCAN_LIMIT,
    rule.limit ?? DEFAULT_TRIM_LIMIT,
  ];
  let removed = 0;
  for (let call = 1; ; call++) {
    const [count, length, floor, waited, more] = await runScript(redis, stream, args);
    removed += Number(count ?? 0);
    if (text(more ?? '') !== 'more' || call >= (rule.maxCalls ?? DEFAULT_MAX_CALLS)) {
      const floorId = floor === undefined ? '' : text(floor);
      return { stream, removed, length: Number(length ?? 0), ...(floorId === '' ? {} : { floorId }), lengthRuleWaited: waited !== undefined && text(waited) === 'length' };
    }
  }
}

async function runScript(redis: Redis, stream: string, args: readonly (string | number)[]): Promise<unknown[]> {
  let reply: unknown;
  try {
    reply = await redis.evalsha(TRIM_STREAM_SHA, 1, stream, ...args);
  } catch (error) {
    if (!errorText(error).startsWith('NOSCRIPT')) throw error;
    reply = await redis.eval(TRIM_STREAM, 1, stream, ...args);
  }
  return Array.isArray(reply) ? (reply as unknown[]) : [];
}

/** The id bound of "older than `ageMs` at `nowMs`". */
export function ageBoundId(nowMs: number, ageMs: number): string {
  return `${Math.max(0, Math.floor(nowMs - ageMs))}-0`;
}
