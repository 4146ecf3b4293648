import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

/** The client, loaded on first use: a process that never talks to Redis never pays for it (~60–110 ms of a start). */
let client: typeof import('ioredis') | undefined;
function ioredis(): typeof import('ioredis') {
  client ??= createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  return client;
}
import { FortressError } from '../../../core/index.js';
import type { Logger } from '../../../core/index.js';

export interface RedisConnectionOptions {
  /** `redis://host:port[/db]`. */
  readonly url: string;
  /** Shown by CLIENT LIST. */
  readonly name: string;
  readonly logger: Logger;
  /** Reconnect backoff: doubles from `retryMinMs` up to `retryMaxMs`. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
}

/**
 * A connection that reconnects by itself (exponential backoff) but never queues or resends a command: while
 * it is down every command fails at once, and a command in flight when it drops fails too. The publisher and
 * the consumer own their retries, so they know exactly what was acknowledged and nothing is sent twice
 * behind their back or out of order.
 */
export function openRedisConnection(options: RedisConnectionOptions): Redis {
  const redis = new (ioredis().Redis)(options.url, {
    protocol: 2,
    connectionName: options.name,
    disableClientInfo: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(options.retryMinMs * 2 ** Math.min(attempt - 1, 20), options.retryMaxMs),
  });
  let lastLogged = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastLogged) return; // a server that stays down repeats the same error at every retry
    lastLogged = error.message;
    options.logger.warn({ connection: options.name, err: error.message }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastLogged !== '') options.logger.info({ connection: options.name }, 'redis connection restored');
    lastLogged = '';
  });
  return redis;
}

/** Resolves when the connection is ready; rejects when it was closed for good. */
export function waitUntilReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end') return Promise.reject(closedError());
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      redis.off('end', onEnd);
      resolve();
    };
    const onEnd = (): void => {
      redis.off('ready', onReady);
      reject(closedError());
    };
    redis.once('ready', onReady);
    redis.once('end', onEnd);
  });
}

function closedError(): FortressError {
  return new FortressError('REDIS_CONNECTION_CLOSED', 'the redis connection was closed');
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Backoff for retries of our own: doubles per consecutive failure, capped. */
export function backoffMs(failures: number, minMs: number, maxMs: number): number {
  return Math.min(minMs * 2 ** Math.min(Math.max(failures - 1, 0), 20), maxMs);
}
