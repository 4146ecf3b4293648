import { ValidationError } from '../../core/index.js';
import { ApprovalKey } from './ApprovalKey.js';

/** The distributed mode's environment (app is the only module that reads it). */
export interface DistributedEnvironment {
  /** REDIS_URL: the bus when --bus is not given. */
  readonly redisUrl: string | undefined;
  /** DATABASE_URL: the store when --store is not given. */
  readonly databaseUrl: string | undefined;
  /** FORTRESS_APPROVAL_KEY, checked only when a service that needs it is started. */
  readonly approvalKey: string | undefined;
}

export function distributedEnvironment(env: NodeJS.ProcessEnv = process.env): DistributedEnvironment {
  const value = (name: string): string | undefined => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  return { redisUrl: value('REDIS_URL'), databaseUrl: value('DATABASE_URL'), approvalKey: value('FORTRESS_APPROVAL_KEY') };
}

/** `--bus` or REDIS_URL, which must be a redis:// URL. */
export function busUrlOf(flag: string | undefined, env: DistributedEnvironment): string {
  const url = flag ?? env.redisUrl;
  if (url === undefined) throw new ValidationError('no bus given: pass --bus redis://host:6379 or set REDIS_URL', { field: 'bus' });
  if (!/^rediss?:\/\//.test(url)) throw new ValidationError(`--bus: "${url}" is not a redis:// URL`, { field: 'bus' });
  return url;
}

/** `--store` or DATABASE_URL, which must be a postgres:// URL. */
export function storeUrlOf(flag: string | undefined, env: DistributedEnvironment): string {
  const url = flag ?? env.databaseUrl;
  if (url === undefined) throw new ValidationError('no store given: pass --store postgres://user@host:5432/db or set DATABASE_URL', { field: 'store' });
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ValidationError(`--store: "${url.replace(/:[^:@/]*@/, ':***@')}" is not a postgres:// URL`, { field: 'store' });
  return url;
}

/** The approval key, required (and checked) when the risk or execution service runs in this process. */
export function approvalKeyFor(services: readonly string[], env: DistributedEnvironment): ApprovalKey | undefined {
  if (!services.includes('risk') && !services.includes('execution')) return undefined;
  return ApprovalKey.parse(env.approvalKey);
}
