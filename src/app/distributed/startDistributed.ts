import type { Logger } from '../../core/index.js';
import { startApiService } from './ApiService.js';
import { startConsumingService } from './ConsumingService.js';
import { openDistributedContext, type DistributedContext, type DistributedSettings } from './DistributedContext.js';
import { startMarketDataService } from './MarketDataService.js';
import type { PartitionShare } from './redisTransport.js';
import type { RunningService } from './serviceRuntime.js';
import { SERVICE_NAMES, type ServiceName } from './serviceRoles.js';

export interface DistributedStart extends DistributedSettings {
  /** The services this process runs (one, or a chosen set). */
  readonly services: readonly ServiceName[];
  /** The strategy service's share of the market partitions (all when absent). */
  readonly partition?: PartitionShare;
  /** The api service's address (default 127.0.0.1, port 8000; 0 = any free port). */
  readonly apiHost?: string;
  readonly apiPort?: number;
  /** The api service's first-run admin password (default FORTRESS_ADMIN_PASSWORD, else a one-time password is logged). */
  readonly adminPassword?: string;
  /** What to do when a service must stop at once (its lease was taken): default log and exit(3). */
  readonly onFatal?: (reason: string) => void;
}

export interface RunningDeployment {
  readonly services: readonly RunningService[];
  readonly context: DistributedContext;
  /** The api service's URL when this process runs it. */
  readonly apiUrl: string | undefined;
  /** Resolves once every service of this process has stopped (a replay's market-data stops by itself at the end). */
  readonly finished: Promise<void>;
  stop(): Promise<void>;
}

/**
 * `fortress service …`: the chosen services of a distributed deployment in this process, over Redis Streams and
 * PostgreSQL. Each builds the node's graph from the same config.yaml and risk_rules.yaml as `fortress start`
 * and starts only its engines; the others' effects arrive as events.
 */
export async function startDistributed(options: DistributedStart): Promise<RunningDeployment> {
  const context = await openDistributedContext(options);
  const logger: Logger = options.logger;
  const fatal = options.onFatal ?? ((reason: string) => {
    logger.error({ component: 'service', reason }, 'stopping at once');
    process.exit(3);
  });
  const services: RunningService[] = [];
  let apiUrl: string | undefined;
  const ordered = SERVICE_NAMES.filter((name) => options.services.includes(name) && name !== 'market-data');
  for (const name of ordered) {
    if (name === 'api') {
      const api = await startApiService(context, { host: options.apiHost ?? '127.0.0.1', port: options.apiPort ?? 8000, ...(options.adminPassword !== undefined ? { adminPassword: options.adminPassword } : {}) }, () => services, fatal);
      apiUrl = api.url;
      services.push(api);
    } else {
      services.push(await startConsumingService(context, name, name === 'strategy' ? options.partition : undefined, fatal));
    }
  }
  // Market data last: in a replay it waits for the others anyway, and live data should find them consuming.
  if (options.services.includes('market-data')) services.push(await startMarketDataService(context, fatal));
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const service of [...services].reverse()) await service.stop();
    await context.close();
  };
  const marketData = services.find((s) => s.name === 'market-data');
  const finished = marketData !== undefined ? marketData.finished.then(stop) : Promise.all(services.map((s) => s.finished)).then(() => undefined);
  return { services, context, apiUrl, finished, stop };
}
