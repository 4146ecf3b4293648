import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { PostgresEventStore } from '../../adapters/index.js';
import type { Logger } from '../../core/index.js';
import type { RiskConfig } from '../../risk/index.js';
import { RISK_RULES_TEMPLATE, loadRiskFile } from '../risk/index.js';
import { loadOrCreateConfig } from '../runtime/startNode.js';
import type { NodeFileConfig } from '../runtime/nodeConfig.js';
import type { ApprovalKey } from './ApprovalKey.js';
import { openControlConnection, whenReady } from './redisControl.js';
import { RedisStreamsPublisher, StreamLayout } from './redisTransport.js';

/** Market partitions when not given: enough for 8 strategy partitions. Every process of a deployment must agree. */
export const DEFAULT_MARKET_PARTITIONS = 8;

export interface DistributedSettings {
  /** `redis://host:port` */
  readonly busUrl: string;
  /** `postgres://user@host:port/db` */
  readonly storeUrl: string;
  /** config.yaml and risk_rules.yaml (written with defaults when missing, as `fortress start` does). */
  readonly home: string;
  readonly logger: Logger;
  /** Required when the process runs the risk or execution service. */
  readonly approvalKey?: ApprovalKey;
  /** Names this process among the service's processes (consumer name, heartbeat); default `<host>-<pid>`. */
  readonly instance?: string;
  readonly marketPartitions?: number;
  /** A message pending this long (its consumer died) is claimed by another (default 30 s). */
  readonly claimIdleMs?: number;
  /** Stream and key prefix (default `fortress`). */
  readonly prefix?: string;
  /** How long a crashed service's lease outlives it before a standby or a restart takes over (default 3 s). */
  readonly leaseTtlMs?: number;
  /** Entries read per stream per XREADGROUP (default 50): smaller batches wait less behind market data. */
  readonly readCount?: number;
}

/** What every service of one process shares: configuration, the event store, the publisher and a control connection. */
export interface DistributedContext {
  readonly settings: DistributedSettings;
  readonly config: NodeFileConfig;
  readonly riskPath: string;
  readonly risk: RiskConfig;
  readonly store: PostgresEventStore;
  readonly publisher: RedisStreamsPublisher;
  readonly layout: StreamLayout;
  readonly redis: Redis;
  readonly instance: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

export async function openDistributedContext(settings: DistributedSettings): Promise<DistributedContext> {
  const { logger, home } = settings;
  const config = loadOrCreateConfig(home, logger);
  const riskPath = join(home, 'risk_rules.yaml');
  if (!existsSync(riskPath)) {
    writeFileSync(riskPath, RISK_RULES_TEMPLATE);
    logger.info({ path: riskPath }, 'first run: wrote the default risk rules');
  }
  const risk = loadRiskFile(riskPath);
  const layout = new StreamLayout({ partitions: { market: settings.marketPartitions ?? DEFAULT_MARKET_PARTITIONS }, ...(settings.prefix !== undefined ? { prefix: settings.prefix } : {}) });
  const instance = settings.instance ?? `${hostname()}-${process.pid}`;
  const store = await PostgresEventStore.open(settings.storeUrl, { logger });
  const publisher = new RedisStreamsPublisher({ url: settings.busUrl, layout, logger, name: `fortress-publisher:${instance}` });
  const redis = openControlConnection(settings.busUrl, `fortress-control:${instance}`, logger);
  await whenReady(redis);
  return {
    settings, config, riskPath, risk, store, publisher, layout, redis, instance, logger,
    async close(): Promise<void> {
      await publisher.close().catch((err: unknown) => logger.warn({ component: 'service', err }, 'publisher close failed'));
      await store.close().catch((err: unknown) => logger.warn({ component: 'service', err }, 'event store close failed'));
      await redis.quit().catch(() => undefined);
    },
  };
}
