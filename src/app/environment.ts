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
