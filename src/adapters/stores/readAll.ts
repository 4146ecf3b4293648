import { ValidationError } from '../../core/index.js';
import type { EventQuery, EventStore, StoredEvent } from '../../core/index.js';

export type EventLogFilter = Omit<EventQuery, 'fromSeq' | 'limit'>;

/**
 * Replay a long log page by page (by seq), so a restart or a report never holds the whole log in memory.
 * `filter` narrows the events (types, key, …); `filter.toSeq` stops the replay there.
 */
export async function* readAll(store: EventStore, pageSize = 10_000, filter: EventLogFilter = {}): AsyncGenerator<StoredEvent> {
  if (!(Number.isSafeInteger(pageSize) && pageSize > 0)) {
    throw new ValidationError(`readAll pageSize must be a positive integer, got ${pageSize}`, { field: 'pageSize' });
  }
  let fromSeq = 1;
  for (;;) {
    const page = await store.read({ ...filter, fromSeq, limit: pageSize });
    for (const stored of page) yield stored;
    if (page.length < pageSize) return;
    fromSeq = page[page.length - 1]!.seq + 1;
  }
}
