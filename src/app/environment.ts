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
