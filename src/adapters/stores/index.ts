export { MemoryEventStore } from './MemoryEventStore.js';
export { SQLITE_SYNCHRONOUS_MODES, SqliteEventStore } from './SqliteEventStore.js';
export type { SqliteEventStoreOptions, SqliteSynchronousMode } from './SqliteEventStore.js';
export { SQLITE_SCHEMA_VERSION } from './migrateSqliteSchema.js';
export { readAll } from './readAll.js';
export type { EventLogFilter } from './readAll.js';
