import { resolve } from 'node:path';
import { ValidationError } from '../core/index.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** The only place that reads the process environment. */
export function logLevelFromEnvironment(env: NodeJS.ProcessEnv = process.env, fallback: LogLevel = 'info'): LogLevel {
  const value = env.LOG_LEVEL;
  if (value === undefined || value === '') return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ValidationError(`LOG_LEVEL: "${value}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return value as LogLevel;
}

/** Where the node keeps its configuration, event log and caches: FORTRESS_HOME, default ./.fortress. */
export function fortressHome(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const value = env.FORTRESS_HOME;
  return value !== undefined && value !== '' ? resolve(cwd, value) : resolve(cwd, '.fortress');
}

/** FORTRESS_PORT: the HTTP port (default 8000; 0 picks a free one). */
export function httpPortFromEnvironment(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.FORTRESS_PORT;
  if (value === undefined || value === '') return 8000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ValidationError(`FORTRESS_PORT: "${value}" is not a port number (0..65535)`);
  return port;
}

/** SIGNAL_DIR: where AmiBroker signal files arrive (default <FORTRESS_HOME>/signals/amibroker). */
export function signalDirFromEnvironment(home: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const value = env.SIGNAL_DIR;
  return value !== undefined && value !== '' ? resolve(cwd, value) : resolve(home, 'signals', 'amibroker');
}

/** FORTRESS_WEBHOOK_SECRET: the shared secret webhook alerts must carry; without it the webhook route is off. */
export function webhookSecretFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.FORTRESS_WEBHOOK_SECRET;
  return value !== undefined && value !== '' ? value : undefined;
}

/** FORTRESS_HOST: the address the HTTP API binds (default 127.0.0.1: only this machine can reach it). */
export function httpHostFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.FORTRESS_HOST;
  return value !== undefined && value !== '' ? value : '127.0.0.1';
}

/** FORTRESS_CORS_ORIGINS: comma-separated origins allowed to call the API from other pages; CORS is off without it. */
export function corsOriginsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env.FORTRESS_CORS_ORIGINS;
  if (value === undefined || value.trim() === '') return [];
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ValidationError(`FORTRESS_CORS_ORIGINS: "${origin}" is not an origin like https://example.com (scheme and host, no path)`);
  }
  return origins;
}

/** DATABASE_URL: the event log in PostgreSQL (postgres://…) instead of the SQLite file in FORTRESS_HOME. */
export function databaseUrlFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.DATABASE_URL;
  return value !== undefined && value !== '' ? value : undefined;
}

/**
 * REDIS_URL selects the Redis Streams bus, which only the distributed services use (`fortress service`).
 * The single node has no use for it, so a set value stops `fortress start` rather than being ignored: a user
 * who asked for Redis must not find the node silently running without it.
 */
export function refuseRedisForSingleNode(env: NodeJS.ProcessEnv = process.env): void {
  const value = env.REDIS_URL;
  if (value !== undefined && value !== '') {
    throw new ValidationError('REDIS_URL is set, but `fortress start` runs one process with its in-process bus; start the services with `fortress service NAME --bus $REDIS_URL`, or unset REDIS_URL', { field: 'REDIS_URL' });
  }
}

/** FORTRESS_DATA_DIR: CSV files by symbol for backtests started from the API (default <FORTRESS_HOME>/data). */
export function backtestDataDirFromEnvironment(home: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const value = env.FORTRESS_DATA_DIR;
  return value !== undefined && value !== '' ? resolve(cwd, value) : resolve(home, 'data');
}

/** FORTRESS_API_RATE_LIMIT: API requests per minute per caller (user, API key's owner, else address); default 1200. */
export function apiRateLimitFromEnvironment(env: NodeJS.ProcessEnv = process.env): { max: number; timeWindowMs: number } | undefined {
  const value = env.FORTRESS_API_RATE_LIMIT;
  if (value === undefined || value === '') return undefined;
  const max = Number(value);
  if (!Number.isInteger(max) || max < 1) throw new ValidationError(`FORTRESS_API_RATE_LIMIT: "${value}" is not a positive whole number of requests per minute`);
  return { max, timeWindowMs: 60_000 };
}
