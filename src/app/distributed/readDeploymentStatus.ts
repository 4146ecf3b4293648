import { PostgresEventStore } from '../../adapters/index.js';
import { silentLogger, type Logger } from '../../core/index.js';
import { collectStatus, type DeploymentStatus } from './collectStatus.js';
import { DEFAULT_MARKET_PARTITIONS } from './DistributedContext.js';
import { openControlConnection, whenReady } from './redisControl.js';
import { StreamLayout } from './redisTransport.js';

export interface StatusQuery {
  readonly busUrl: string;
  /** When given, the event log's head (and whether it answers) is shown too. */
  readonly storeUrl?: string;
  readonly marketPartitions?: number;
  readonly prefix?: string;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

export interface StoreHead {
  readonly reachable: boolean;
  readonly lastSeq?: number;
  readonly error?: string;
}

export interface DeploymentReport extends DeploymentStatus {
  readonly store?: StoreHead;
}

/** `fortress status`: one look at the deployment through Redis (heartbeats, groups, dead letters) and PostgreSQL. */
export async function readDeploymentStatus(query: StatusQuery): Promise<DeploymentReport> {
  const logger = query.logger ?? silentLogger;
  const layout = new StreamLayout({ partitions: { market: query.marketPartitions ?? DEFAULT_MARKET_PARTITIONS }, ...(query.prefix !== undefined ? { prefix: query.prefix } : {}) });
  const redis = openControlConnection(query.busUrl, 'fortress-status', logger);
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      whenReady(redis),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`redis at ${query.busUrl} did not answer within ${query.timeoutMs ?? 5_000} ms`)), query.timeoutMs ?? 5_000))),
    ]).finally(() => clearTimeout(timer));
    const status = await collectStatus(redis, layout);
    if (query.storeUrl === undefined) return status;
    return { ...status, store: await storeHead(query.storeUrl, logger) };
  } finally {
    redis.disconnect();
  }
}

async function storeHead(url: string, logger: Logger): Promise<StoreHead> {
  try {
    const store = await PostgresEventStore.open(url, { migrate: false, poolMax: 1, connectTimeoutMs: 3_000, logger });
    try {
      return { reachable: true, lastSeq: await store.lastSeq() };
    } finally {
      await store.close();
    }
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
}
