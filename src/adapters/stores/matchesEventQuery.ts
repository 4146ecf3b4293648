import type { AnyEvent, EventQuery } from '../../core/index.js';

/** Whether an event passes the query's filters (seq bounds and limit are the caller's business). */
export function matchesEventQuery(event: AnyEvent, query: EventQuery): boolean {
  if (query.fromTs !== undefined && event.ts < query.fromTs) return false;
  if (query.toTs !== undefined && event.ts > query.toTs) return false;
  if (query.types !== undefined && !query.types.includes(event.type)) return false;
  if (query.correlationId !== undefined && event.correlationId !== query.correlationId) return false;
  if (query.key !== undefined && event.key !== query.key) return false;
  return true;
}
