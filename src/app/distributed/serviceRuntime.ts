import { hostname } from 'node:os';
import { StreamTrimmer } from '../../adapters/index.js';
import type { MessageBus } from '../../bus/index.js';
import type { Logger } from '../../core/index.js';
import type { DistributedContext } from './DistributedContext.js';
import { Heartbeat, type ServiceBeat } from './Heartbeat.js';
import { runtimeKey } from './redisControl.js';
import type { PartitionShare } from './redisTransport.js';
import { ServiceLease } from './ServiceLease.js';
import type { ServiceName } from './serviceRoles.js';

/** A service running in this process. */
export interface RunningService {
  readonly name: ServiceName;
  /** `i/n` or `*`. */
  readonly partition: string;
  /** Resolves when the service has stopped (by `stop()`, or by itself: a replay that reached its end). */
  readonly finished: Promise<void>;
  health(): ServiceBeat;
  stop(): Promise<void>;
  /** The service's local bus, for observers in the same process (metrics, benchmarks); absent for market-data and api. */
  readonly bus?: MessageBus;
}

export function partitionLabel(share: PartitionShare | undefined): string {
  return share === undefined ? '*' : `${share.index}/${share.count}`;
}

/** The lease and heartbeat every service process holds, and its logger. */
export interface ServicePresence {
  readonly log: Logger;
  readonly lease: ServiceLease;
  readonly heartbeat: Heartbeat;
  /** The market-data process trims the deployment's streams while it holds its lease (live feeds; see startStreamTrimming). */
  readonly trimmer?: StreamTrimmer;
  role: ServiceBeat['role'];
}

/**
 * Start beating (as a standby) and wait for the service's lease: one active process per service and partition.
 * `onLost` runs if another process takes the lease while this one still works (it must stop at once).
 */
export async function takePresence(
  ctx: DistributedContext, name: ServiceName, partition: string, beat: (role: ServiceBeat['role']) => ServiceBeat, onLost: () => void,
): Promise<ServicePresence> {
  const log = ctx.logger.child({ service: name, ...(partition === '*' ? {} : { partition }) });
  const presence: { role: ServiceBeat['role'] } = { role: 'standby' };
  const heartbeat = new Heartbeat({ redis: ctx.redis, prefix: ctx.layout.prefix, service: name, partition, instance: ctx.instance, beat: () => beat(presence.role) });
  heartbeat.start();
  const lease = new ServiceLease({ redis: ctx.redis, key: runtimeKey(ctx.layout.prefix, 'lease', name, partition), holder: `${hostname()}/${process.pid}/${ctx.instance}`, logger: log, onLost, ...(ctx.settings.leaseTtlMs !== undefined ? { ttlMs: ctx.settings.leaseTtlMs } : {}) });
  let told = false;
  await lease.acquire((holder) => {
    if (!told) log.info({ component: 'lease', holder }, `standby: ${holder} runs ${name} ${partition}; taking over if it stops`);
    told = true;
  });
  presence.role = 'catching-up';
  const trimmer = name === 'market-data' ? startStreamTrimming(ctx, lease, log) : undefined;
  return Object.assign(presence, { log, lease, heartbeat, ...(trimmer !== undefined ? { trimmer } : {}) });
}

/**
 * One trimmer per deployment: the process holding the market-data lease (there is always exactly one, and it is
 * the main writer) trims every stream of the layout and the dead-letter stream, every `distributed.trim.intervalMs`,
 * until it gives the lease up. Off for a replay: a restarted service rebuilds its state by re-running what its
 * group acknowledged, read back from the streams, and market-data resumes after the newest bar on them.
 */
function startStreamTrimming(ctx: DistributedContext, lease: ServiceLease, log: Logger): StreamTrimmer | undefined {
  const settings = ctx.config.distributed.trim;
  if (!settings.enabled || ctx.config.market.feed === 'replay') {
    const why = settings.enabled ? 'a replay rebuilds the services from the streams' : 'distributed.trim.enabled is false';
    log.info({ component: 'stream-trim' }, `stream trimming off: ${why}`);
    return undefined;
  }
  const trimmer = new StreamTrimmer({
    redis: ctx.redis, streams: ctx.layout.streams().map((s) => s.name), deadLetterStream: ctx.layout.deadLetterStream, settings, logger: log, whileActive: () => lease.isHeld,
  });
  trimmer.start();
  log.info({ component: 'stream-trim', intervalMs: settings.intervalMs, maxAgeMs: settings.maxAgeMs, maxLen: settings.maxLen }, 'trimming the streams of what every consumer group has acknowledged');
  return trimmer;
}
