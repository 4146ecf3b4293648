import { api } from './api.js';
import type { EventType, StoredEvent } from './types.js';

interface EventPage {
  readonly events: readonly StoredEvent[];
  readonly nextAfterSeq: number | null;
  readonly nextBeforeSeq: number | null;
}

const PAGE_LIMIT = 1000;

/** The last `count` events (of `types`, or all), oldest first: one newest-first page, turned around. */
export async function latestEvents(count: number, types?: readonly EventType[]): Promise<StoredEvent[]> {
  const answer = await api.get<EventPage>('/events', {
    limit: Math.min(PAGE_LIMIT, Math.max(1, count)),
    order: 'desc',
    ...(types !== undefined && types.length > 0 ? { type: types.join(',') } : {}),
  });
  return [...answer.events].reverse();
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
