export { SHARED_DATA_DIR, sharedDataFile, skipUnlessSharedData } from './sharedData.js';
export { makeTempDir } from './tempDir.js';
export { waitFor } from './waitFor.js';
export { findPostgresBinDir, startPostgresServer, usePostgresServer } from './postgres.js';
export type { PostgresServer, PostgresServerOptions } from './postgres.js';
export { startRedisServer } from './redis.js';
export type { RedisServer, RedisServerOptions } from './redis.js';
