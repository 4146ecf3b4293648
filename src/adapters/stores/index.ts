export { MemoryEventStore } from './MemoryEventStore.js';
export { SqliteEventStore } from './SqliteEventStore.js';
export type { SqliteEventStoreOptions } from './SqliteEventStore.js';
export { SQLITE_SYNCHRONOUS_MODES } from './configureSqliteConnection.js';
export type { SqliteSynchronousMode } from './configureSqliteConnection.js';
export { SQLITE_SCHEMA_VERSION } from './migrateSqliteSchema.js';
export { readAll } from './readAll.js';
export type { EventLogFilter } from './readAll.js';
