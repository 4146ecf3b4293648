import { Command } from 'commander';
import { resolve } from 'node:path';
import {
  SERVICE_NAMES, approvalKeyFor, busUrlOf, createLogger, distributedEnvironment, fortressHome, isServiceName, logLevelFromEnvironment,
  parsePartitionShare, startDistributed, storeUrlOf, type LogLevel, type ServiceName,
} from '../app/index.js';
import { ValidationError } from '../core/index.js';

export interface ServiceFlags {
  readonly services?: string;
  readonly bus?: string;
  readonly store?: string;
  readonly partition?: string;
  readonly home?: string;
  readonly instance?: string;
  readonly marketPartitions?: string;
  readonly claimIdleMs?: string;
  readonly leaseTtlMs?: string;
  readonly readCount?: string;
  readonly host?: string;
  readonly port?: string;
}

/** The services a command line names: one name, `all`, or `--services a,b,c`. */
export function servicesOf(name: string | undefined, list: string | undefined): ServiceName[] {
  if ((name === undefined) === (list === undefined)) {
    throw new ValidationError(`name one service (${SERVICE_NAMES.join(', ')} or all) or give --services a,b,c`, { field: 'service' });
  }
  const names = name === 'all' ? [...SERVICE_NAMES] : (name !== undefined ? [name] : list!.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  for (const n of names) if (!isServiceName(n)) throw new ValidationError(`unknown service "${n}" (services: ${SERVICE_NAMES.join(', ')}, or all)`, { field: 'service' });
  return names as ServiceName[];
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError(`${flag}: expected a whole number, got "${value}"`, { field: flag });
  return n;
}

/** `fortress service <name>`: run one (or a chosen set) of the distributed services until Ctrl-C. */
/** How long a graceful stop may take before the process exits anyway. */
const STOP_WATCHDOG_MS = 20_000;

export function serviceCommand(): Command {
  return new Command('service')
    .description(`run services of a distributed deployment (Redis Streams bus, PostgreSQL store): ${SERVICE_NAMES.join(', ')}, or all`)
    .argument('[name]', `${SERVICE_NAMES.join(' | ')} | all`)
    .option('--services <list>', 'a chosen set in one process, e.g. risk,execution')
    .option('--bus <url>', 'Redis: redis://host:6379 (default REDIS_URL)')
    .option('--store <url>', 'PostgreSQL: postgres://user@host:5432/db (default DATABASE_URL)')
    .option('--partition <i/n>', "the strategy service's share of the instruments, e.g. 0/2")
    .option('--home <dir>', 'config.yaml, risk_rules.yaml and the api service\u2019s auth.json (default FORTRESS_HOME or ./.fortress)')
    .option('--instance <name>', 'this process among the service\u2019s processes (default host-pid)')
    .option('--market-partitions <n>', 'market stream partitions; the same in every process (default 8)')
    .option('--claim-idle-ms <ms>', 'take over messages a dead consumer left pending after this long (default 30000)')
    .option('--lease-ttl-ms <ms>', 'how long a crashed process keeps its lease before a standby or restart takes over (default 3000)')
    .option('--read-count <n>', 'stream entries read per stream at a time (default 50)')
    .option('--host <address>', 'api service: address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'api service: port (default FORTRESS_PORT or 8000; 0 = any free port)')
    .action(async (name: string | undefined, flags: ServiceFlags, command: Command) => {
      const services = servicesOf(name, flags.services);
      const env = distributedEnvironment();
      const globals = command.parent?.opts() ?? {};
      const level = (globals.logLevel as LogLevel | undefined) ?? logLevelFromEnvironment();
      const logger = createLogger({ level, pretty: process.stdout.isTTY === true, fd: 1, runId: `service:${services.join(',')}` });
      const partition = flags.partition !== undefined ? parsePartitionShare(flags.partition) : undefined;
      if (partition !== undefined && !services.includes('strategy')) throw new ValidationError('--partition applies to the strategy service only', { field: 'partition' });
      const approvalKey = approvalKeyFor(services, env);
      const marketPartitions = positiveInt('--market-partitions', flags.marketPartitions);
      const claimIdleMs = positiveInt('--claim-idle-ms', flags.claimIdleMs);
      const leaseTtlMs = positiveInt('--lease-ttl-ms', flags.leaseTtlMs);
      const readCount = positiveInt('--read-count', flags.readCount);
      const apiPort = positiveInt('--port', flags.port ?? process.env.FORTRESS_PORT);
      const deployment = await startDistributed({
        services, busUrl: busUrlOf(flags.bus, env), storeUrl: storeUrlOf(flags.store, env), home: flags.home !== undefined ? resolve(flags.home) : fortressHome(), logger,
        ...(partition !== undefined ? { partition } : {}), ...(approvalKey !== undefined ? { approvalKey } : {}),
        ...(flags.instance !== undefined ? { instance: flags.instance } : {}), ...(marketPartitions !== undefined ? { marketPartitions } : {}),
        ...(claimIdleMs !== undefined ? { claimIdleMs } : {}), ...(leaseTtlMs !== undefined ? { leaseTtlMs } : {}), ...(readCount !== undefined ? { readCount } : {}), ...(flags.host !== undefined ? { apiHost: flags.host } : {}), ...(apiPort !== undefined ? { apiPort } : {}),
      });
      let stopping: Promise<void> | undefined;
      const stop = (signal: string): void => {
        if (stopping !== undefined) {
          logger.warn({ component: 'service', signal }, 'second signal: exiting now (what was acknowledged is in the store; the rest is redelivered)');
          process.exit(1);
        }
        logger.info({ component: 'service', signal }, 'stopping');
        // A stop that hangs (a peer that never answers) must not keep the process forever: nothing is lost by
        // exiting, since a message is acknowledged only once its effects are in the store.
        setTimeout(() => {
          logger.error({ component: 'service', afterMs: STOP_WATCHDOG_MS }, 'graceful stop did not finish; exiting (unacknowledged messages will be redelivered)');
          process.exit(1);
        }, STOP_WATCHDOG_MS).unref();
        stopping = deployment.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ component: 'service', err: error }, 'stop failed; exiting');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      void deployment.finished.then(() => {
        if (stopping === undefined) process.exit(0); // a replay that reached its end
      });
    });
}
