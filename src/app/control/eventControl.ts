import type { MessageBus } from '../../bus/index.js';
import { createEventFactory, type Clock, type EventQuery, type EventStore, type IdSource, type StoredEvent } from '../../core/index.js';
import type { AuditEntry, EventControl, EventLogQuery } from '../../api/index.js';

export interface EventControlDeps {
  /** The node's event log (read for queries and stories). */
  readonly store: EventStore;
  /** The node's bus: audits are emitted on it (so they are journaled) and live events are observed on it. */
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** The source of the audit events; the key of each is the user it names. */
export const AUDIT_SOURCE = 'api';
/** A trade's story longer than this is cut (it would be a runaway correlation id, not one trade). */
export const MAX_STORY_EVENTS = 10_000;

/**
 * The event log as the API sees it: queries and a trade's story read the store (which flushes first, so
 * they include everything emitted so far); `subscribe` observes every event the bus delivers (after the
 * journal has it); `audit` emits a `UserActionRecorded` through the bus, so it is journaled like any event.
 */
export function createEventControl(deps: EventControlDeps): EventControl {
  const { store, bus } = deps;
  const audits = createEventFactory(AUDIT_SOURCE, deps.clock, deps.ids);
  return {
    query(query: EventLogQuery): Promise<readonly StoredEvent[]> {
      return store.read(toStoreQuery(query));
    },
    story(correlationId: string): Promise<readonly StoredEvent[]> {
      return store.read({ correlationId, limit: MAX_STORY_EVENTS });
    },
    subscribe(listener) {
      return bus.subscribeEvents(listener);
    },
    audit(entry: AuditEntry): void {
      const payload = {
        username: entry.username,
        role: entry.role,
        via: entry.via,
        action: entry.action,
        target: entry.target,
        outcome: entry.outcome,
        ...(entry.details !== undefined ? { details: entry.details } : {}),
      };
      bus.emit(audits.create('UserActionRecorded', payload, { key: entry.username }));
    },
  };
}

/** The API's paging (`afterSeq`, exclusive) in the store's terms (`fromSeq`, inclusive). */
function toStoreQuery(query: EventLogQuery): EventQuery {
  return {
    limit: query.limit,
    ...(query.types !== undefined ? { types: query.types } : {}),
    ...(query.correlationId !== undefined ? { correlationId: query.correlationId } : {}),
    ...(query.key !== undefined ? { key: query.key } : {}),
    ...(query.fromTs !== undefined ? { fromTs: query.fromTs } : {}),
    ...(query.toTs !== undefined ? { toTs: query.toTs } : {}),
    ...(query.afterSeq !== undefined ? { fromSeq: query.afterSeq + 1 } : {}),
    ...(query.beforeSeq !== undefined ? { toSeq: query.beforeSeq - 1 } : {}),
    ...(query.order !== undefined ? { order: query.order } : {}),
  };
}
