import { api } from './api.js';
import type { EventType, StoredEvent } from './types.js';

interface EventPage {
  readonly events: readonly StoredEvent[];
  readonly nextAfterSeq: number | null;
}

const PAGE_LIMIT = 1000;
const MAX_PAGES = 5;
/** How far back a page looks for recent events before the live stream takes over. */
const RECENT_WINDOW_MS = 30 * 60_000;

/**
 * The last `count` events (of `types`, or all), oldest first. The log pages forward only (`afterSeq`), so
 * this reads the recent window page by page and keeps the tail.
 */
export async function latestEvents(count: number, types?: readonly EventType[], windowMs = RECENT_WINDOW_MS): Promise<StoredEvent[]> {
  let kept: StoredEvent[] = [];
  let afterSeq: number | undefined;
  const from = windowMs === Number.POSITIVE_INFINITY ? undefined : String(Date.now() - windowMs);
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api.get<EventPage>('/events', {
      limit: PAGE_LIMIT,
      ...(from !== undefined ? { from } : {}),
      ...(types !== undefined && types.length > 0 ? { type: types.join(',') } : {}),
      ...(afterSeq !== undefined ? { afterSeq } : {}),
    });
    kept = [...kept, ...answer.events].slice(-count);
    if (answer.nextAfterSeq === null) break;
    afterSeq = answer.nextAfterSeq;
  }
  // A replayed tape's events carry the tape's time, not today's: without recent ones, read from the start.
  if (kept.length === 0 && windowMs !== Number.POSITIVE_INFINITY) return latestEvents(count, types, Number.POSITIVE_INFINITY);
  return kept;
}

/** Events after `afterSeq` (new ones since the last read), oldest first. */
export async function eventsAfter(afterSeq: number, types?: readonly EventType[]): Promise<EventPage> {
  return api.get<EventPage>('/events', {
    limit: PAGE_LIMIT,
    afterSeq,
    ...(types !== undefined && types.length > 0 ? { type: types.join(',') } : {}),
  });
}

export async function storyOf(correlationId: string): Promise<readonly StoredEvent[]> {
  const answer = await api.get<{ events: readonly StoredEvent[] }>(`/events/story/${encodeURIComponent(correlationId)}`);
  return answer.events;
}
