import { createRequire } from 'node:module';
import type pg from 'pg';

/**
 * The driver, loaded on first use: a node on SQLite never pays for it (importing pg costs ~50–90 ms of the
 * start, measured). pg is CommonJS, so a synchronous require works.
 */
let driver: typeof pg | undefined;
function pgDriver(): typeof pg {
  driver ??= createRequire(import.meta.url)('pg') as typeof pg;
  return driver;
}
import { ValidationError } from '../../core/index.js';
import type { Logger } from '../../core/index.js';

/** Where the log lives: a `postgres://` (or `postgresql://`) URL, or a node-postgres pool configuration. */
export type PostgresTarget = string | pg.PoolConfig;

export interface PostgresPoolSettings {
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

export interface PostgresPool {
  readonly pool: pg.Pool;
  /** The target for messages and logs, password hidden. */
  readonly where: string;
}

const INT8_OID = 20;
const JSON_OID = 114;

/**
 * A pool whose clients read `bigint` (seq, counts) as numbers — seq stays far below 2^53 — and `json` columns as
 * text, so the store parses payloads itself and can name the row of a corrupt one. A lost idle connection is
 * logged, never thrown: the pool drops it and the next query opens a fresh one.
 */
export function createPostgresPool(target: PostgresTarget, settings: PostgresPoolSettings, logger: Logger): PostgresPool {
  const types = new (pgDriver().TypeOverrides)();
  types.setTypeParser(INT8_OID, Number);
  types.setTypeParser(JSON_OID, (text: string) => text);
  const base: pg.PoolConfig = typeof target === 'string' ? { connectionString: checkPostgresUrl(target) } : { ...target };
  const where = typeof target === 'string' ? redactPostgresUrl(target) : describeConfig(target);
  const pool = new (pgDriver().Pool)({
    max: settings.poolMax,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    query_timeout: settings.queryTimeoutMs,
    keepAlive: true,
    allowExitOnIdle: true,
    application_name: 'fortress',
    ...base,
    types,
  });
  pool.on('error', (error) => logger.warn({ where, err: error.message }, 'event store: an idle PostgreSQL connection was lost'));
  return { pool, where };
}

/**
 * Check a PostgreSQL URL (DATABASE_URL or --store) and return it. The error names the setting and the bad part,
 * with any password replaced by `***`.
 */
export function checkPostgresUrl(url: string): string {
  const shown = redactPostgresUrl(url);
  const refuse = (problem: string): never => {
    throw new ValidationError(`DATABASE_URL / --store: "${shown}" ${problem}`, { field: 'DATABASE_URL' });
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('is not a URL (expected postgres://user[:password]@host[:port]/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    refuse(`has scheme "${parsed.protocol.slice(0, -1)}"; expected postgres:// or postgresql://`);
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host')) refuse('names no host (postgres://user@host:5432/database)');
  if (parsed.port !== '' && !(Number(parsed.port) > 0 && Number(parsed.port) < 65_536)) refuse(`has port "${parsed.port}", not 1..65535`);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (database.includes('/')) refuse(`has database "${database}"; a database name cannot contain "/"`);
  return url;
}

/** The URL with its password replaced by `***` (for messages and logs). */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

function describeConfig(config: pg.PoolConfig): string {
  if (config.connectionString !== undefined) return redactPostgresUrl(config.connectionString);
  return `postgres://${config.user ?? ''}@${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
}
