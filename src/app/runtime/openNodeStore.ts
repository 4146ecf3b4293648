import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, redactPostgresUrl } from '../../adapters/index.js';
import type { EventStore, Logger } from '../../core/index.js';
import type { ComponentStatus } from '../../api/index.js';

/** The node's event log: PostgreSQL when DATABASE_URL is set, else the SQLite file in its home. */
export interface NodeStore {
  readonly store: EventStore;
  /** Where it is, for people (a password in a URL is masked). */
  readonly where: string;
  /** How it is doing now; `lastFlushProblem` is the runtime's own view (the last flush that failed). */
  health(lastFlushProblem: string | undefined): ComponentStatus;
}

export async function openNodeStore(home: string, databaseUrl: string | undefined, logger: Logger): Promise<NodeStore> {
  const log = logger.child({ component: 'store' });
  if (databaseUrl !== undefined) {
    const store = await PostgresEventStore.open(databaseUrl, { logger: log });
    const where = redactPostgresUrl(databaseUrl);
    return {
      store,
      where,
      // A PostgreSQL outage does not fail a flush (it waits): the writer's own health says so.
      health: () => {
        const health = store.health();
        return health.state === 'ok'
          ? { name: 'event-log', state: 'ok', detail: where }
          : { name: 'event-log', state: 'down', detail: `${where}: ${health.detail ?? 'unavailable'} (${health.pendingEvents} events waiting)` };
      },
    };
  }
  const path = join(home, 'events.sqlite');
  const store = SqliteEventStore.open(path, { logger: log });
  return {
    store,
    where: path,
    health: (problem) => (problem === undefined ? { name: 'event-log', state: 'ok', detail: path } : { name: 'event-log', state: 'down', detail: `${path}: ${problem}` }),
  };
}
