import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/index.js';

/** The client, loaded on first use (as the transport does): `fortress start` on SQLite never pays for it. */
let client: typeof import('ioredis') | undefined;
function ioredis(): typeof import('ioredis') {
  client ??= createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  return client;
}

/**
 * A Redis connection for the service runtime's own small commands (lease, heartbeat, settlement, catch-up reads):
 * it reconnects by itself with backoff and fails commands at once while down, so every caller retries on its
 * own schedule instead of piling up a queue.
 */
export function openControlConnection(url: string, name: string, logger: Logger): Redis {
  const redis = new (ioredis().Redis)(url, {
    protocol: 2,
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt - 1, 10), 2_000),
  });
  let lastLogged = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastLogged) return;
    lastLogged = error.message;
    logger.warn({ component: 'redis', connection: name, err: error.message }, 'redis connection error; retrying');
  });
  redis.on('ready', () => {
    if (lastLogged !== '') logger.info({ component: 'redis', connection: name }, 'redis connection restored');
    lastLogged = '';
  });
  return redis;
}

/** Resolves once the connection is ready (at once when it is). */
export function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}

/** Run `attempt` until it succeeds, waiting between tries (Redis away); gives up only when `cancelled` says so. */
export async function untilDone<T>(attempt: () => Promise<T>, cancelled: () => boolean = () => false, waitMs = 100): Promise<T | undefined> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (cancelled()) return undefined;
      void error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** `prefix:kind:…` keys of the runtime, beside the streams. */
export function runtimeKey(prefix: string, ...parts: readonly string[]): string {
  return [prefix, ...parts].join(':');
}
