import { parsePaperBrokerState } from '../../adapters/index.js';
import type { AnyEvent, EventType } from '../../core/index.js';
import { RiskStateFold } from '../../risk/index.js';
import { watchRiskFile, type RiskFileWatcher } from '../risk/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import { RISK_EQUITY_SNAPSHOT, equityReferencesIn, foldRecovery, readRecovery } from '../runtime/recoverFromLog.js';
import { acknowledgedHistory } from './acknowledgedHistory.js';
import { CommandInbox } from './CommandInbox.js';
import { applyExecutionCommand, applyRiskCommand } from './commandHandlers.js';
import { assembleService, type AssembledService } from './assembleService.js';
import type { DistributedContext } from './DistributedContext.js';
import type { ServiceBeat } from './Heartbeat.js';
import { RedisStreamsConsumer, type PartitionShare } from './redisTransport.js';
import { partitionLabel, takePresence, type RunningService } from './serviceRuntime.js';
import { SERVICE_ROLES, type ServiceName } from './serviceRoles.js';

const CATALOG_TYPES: readonly EventType[] = ['StrategyRegistered', 'StrategyActivated', 'StrategyDeactivated', 'StrategyParametersChanged'];
const PAPER_BROKER_SNAPSHOT = 'paper-broker';
/** Per stream per read: a signal or an approval waits behind at most this many market messages of each stream. */
const DEFAULT_READ_COUNT = 50;

/**
 * A service that consumes the streams (strategy, risk, execution, portfolio, api): take the lease, rebuild the
 * state, then consume. A replay's state is rebuilt by re-running, in shadow mode, everything the service's group
 * had already acknowledged (read back from the streams, in the order it was applied), so ids and decisions come
 * out exactly as before and the messages the last holder left pending are then handled as if nothing happened.
 * A live feed's state is folded from the event log, as the single node's restart does.
 */
/**
 * Called once the service is assembled, before its state is rebuilt (so observers on its bus see a replay's
 * catch-up) and before it consumes; `logged` holds the events a live feed's recovery read from the log (the api
 * service folds its catalog view from them).
 */
export type AttachToService = (service: AssembledService, logged: readonly AnyEvent[]) => void;

export async function startConsumingService(ctx: DistributedContext, name: ServiceName, share: PartitionShare | undefined, fatal: (reason: string) => void, attach?: AttachToService): Promise<RunningService> {
  const role = SERVICE_ROLES[name];
  const partition = partitionLabel(share);
  let service: AssembledService | undefined;
  /** Set once consuming (the heartbeat and the lease's loss handler read it before that). */
  const live: { consumer?: RedisStreamsConsumer } = {};
  const beat = (state: ServiceBeat['role']): ServiceBeat => healthOf(state, service, live.consumer, ctx);
  const presence = await takePresence(ctx, name, partition, beat, () => {
    live.consumer?.disconnect();
    fatal(`${name} ${partition}: another process took over`);
  });
  const { log } = presence;
  const replay = ctx.config.market.feed === 'replay';
  const streams = ctx.layout.streams({ families: role.consumes, ...(share !== undefined ? { share } : {}) });
  const assembly = { name, share: partition, config: ctx.config, risk: ctx.risk, store: ctx.store, publisher: ctx.publisher, logger: ctx.logger, ...(ctx.settings.approvalKey !== undefined ? { approvalKey: ctx.settings.approvalKey } : {}) };
  if (replay) {
    const logged = role.engines.includes('strategies') ? (await ctx.store.read({ types: [...CATALOG_TYPES] })).map((s) => s.event) : [];
    service = assembleService({ ...assembly, logged });
    attach?.(service, []);
    const history = await acknowledgedHistory(ctx.redis, streams.map((s) => s.name), name);
    service.bus.setShadow(true);
    for (const consumed of history) service.host.apply(consumed.message);
    service.bus.setShadow(false);
    if (history.length > 0) log.info({ component: 'service', replayed: history.length }, 'state rebuilt from the messages this service had acknowledged');
  } else {
    service = await recoverLive(ctx, assembly, attach);
  }
  await service.outbox.settle(); // what start-up emitted (the strategy catalog's first registrations)
  const running = service;
  const consumer = new RedisStreamsConsumer({
    url: ctx.settings.busUrl, group: name, consumer: `${name}-${partition.replace('/', 'of')}-${ctx.instance}`, streams, layout: ctx.layout,
    batchHandler: (batch) => running.host.handleBatch(batch), startFrom: 'history', logger: ctx.logger, readCount: ctx.settings.readCount ?? DEFAULT_READ_COUNT,
    ...(ctx.settings.claimIdleMs !== undefined ? { claimIdleMs: ctx.settings.claimIdleMs } : {}),
  });
  live.consumer = consumer;
  await consumer.start();
  presence.role = 'active';
  await presence.heartbeat.beat();
  log.info({ component: 'service', streams: streams.length, consumer: `${name}-${partition}-${ctx.instance}` }, `${name} service running`);

  const inbox = commandInboxOf(ctx, name, role.engines, `${name}-${ctx.instance}`, running);
  await inbox?.start();

  const timers: NodeJS.Timeout[] = [setInterval(() => void (running.outbox.health().waiting > 0 ? running.outbox.settle() : undefined), 50)];
  let riskWatcher: RiskFileWatcher | undefined;
  const saveEquityReferences = (): Promise<unknown> => ctx.store.saveSnapshotAtHead(RISK_EQUITY_SNAPSHOT, running.clock.nowMs(), running.graph.risk.equityReferences()).catch(() => undefined);
  const keepsEquityReferences = role.engines.includes('risk') && !replay;
  if (role.engines.includes('risk')) {
    riskWatcher = watchRiskFile({ path: ctx.riskPath, engine: running.graph.risk, logger: ctx.logger, calendarFor: (holidays) => new ExchangeCalendar({ holidays }) });
  }
  // The risk service's equity references (today's start, the peak) are samples no event carries: kept in a snapshot
  // of their own, so a restarted risk service does not forget a loss taken earlier today (live feeds).
  if (keepsEquityReferences) timers.push(setInterval(() => void saveEquityReferences(), 1_000));
  if (running.broker !== undefined && !replay) {
    const broker = running.broker;
    // Engine code owns no timers: the runtime drives DAY-order expiry and broker timeouts (live feeds; a replay's clock is its bars).
    timers.push(setInterval(() => {
      broker.expireDue(running.clock.nowMs());
      running.graph.execution.poll();
    }, 200));
    timers.push(setInterval(() => void ctx.store.saveSnapshotAtHead(PAPER_BROKER_SNAPSHOT, running.clock.nowMs(), broker.snapshot()).catch(() => undefined), 1_000));
  }

  let markFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  let stopping = false;
  return {
    name, partition, finished, bus: running.bus,
    health: () => beat(presence.role),
    async stop(): Promise<void> {
      if (stopping) return finished;
      stopping = true;
      presence.role = 'stopping';
      for (const timer of timers) clearInterval(timer);
      riskWatcher?.close();
      await inbox?.close();
      await consumer.close();
      await running.outbox.settle();
      if (running.broker !== undefined && !replay) await ctx.store.saveSnapshotAtHead(PAPER_BROKER_SNAPSHOT, running.clock.nowMs(), running.broker.snapshot()).catch(() => undefined);
      if (keepsEquityReferences) await saveEquityReferences();
      running.outbox.close();
      await presence.heartbeat.stop();
      await presence.lease.release();
      markFinished();
      return finished;
    },
  };
}

/** Live feeds: trading state, risk counters, orders, positions and the strategy catalog folded from the log; the paper broker from its snapshot. */
async function recoverLive(ctx: DistributedContext, assembly: Omit<Parameters<typeof assembleService>[0], 'logged' | 'riskFold'>, attach: AttachToService | undefined): Promise<AssembledService> {
  const recovery = await readRecovery(ctx.store, Date.now());
  const riskFold = new RiskStateFold();
  for (const event of recovery.history) riskFold.apply(event);
  const service = assembleService({ ...assembly, logged: recovery.history as AnyEvent[], riskFold });
  attach?.(service, recovery.history);
  foldRecovery(recovery, service.graph);
  for (const event of recovery.history) service.graph.execution.applySessionEvent(event);
  const references = await ctx.store.loadSnapshot(RISK_EQUITY_SNAPSHOT);
  if (references !== undefined) service.graph.risk.restoreEquityReferences(equityReferencesIn(references.state));
  if (service.broker !== undefined) {
    const saved = await ctx.store.loadSnapshot(PAPER_BROKER_SNAPSHOT);
    if (saved !== undefined) service.broker.restore(parsePaperBrokerState(saved.state, `snapshot ${PAPER_BROKER_SNAPSHOT}`));
  }
  return service;
}

/** The risk and execution services take the operator's commands the api service sends (see serviceCommands). */
function commandInboxOf(ctx: DistributedContext, name: ServiceName, engines: readonly string[], consumer: string, service: AssembledService): CommandInbox | undefined {
  const target = engines.includes('risk') ? 'risk' : engines.includes('execution') ? 'execution' : undefined;
  if (target === undefined) return undefined;
  const apply = target === 'risk' ? applyRiskCommand : applyExecutionCommand;
  return new CommandInbox({
    url: ctx.settings.busUrl, prefix: ctx.layout.prefix, target, consumer, logger: ctx.logger.child({ service: name }),
    apply: (command) => apply(service.graph, command), settle: () => service.outbox.settle(),
  });
}

function healthOf(role: ServiceBeat['role'], service: AssembledService | undefined, consumer: RedisStreamsConsumer | undefined, ctx: DistributedContext): ServiceBeat {
  const problems: string[] = [];
  const store = ctx.store.health();
  if (store.state !== 'ok') problems.push(`event store: ${store.detail ?? 'down'}`);
  const publisher = ctx.publisher.health();
  if (!publisher.healthy) problems.push(`redis publish: ${publisher.lastError ?? 'not connected'}`);
  const consumed = consumer?.health();
  if (consumed !== undefined && !consumed.healthy && role === 'active') problems.push(`redis consume: ${consumed.lastError ?? 'not connected'}`);
  const outbox = service?.outbox.health();
  if (outbox !== undefined && !outbox.healthy) problems.push(`outbox: ${outbox.lastError ?? 'retrying'}`);
  const detail = consumed === undefined ? '' : `dup ${consumed.duplicatesSkipped} dead ${consumed.deadLettered} reclaimed ${consumed.reclaimed}`;
  return {
    role, health: problems.length === 0 ? 'ok' : 'degraded', handled: service?.host.handled ?? 0, detail,
    ...(problems.length > 0 ? { lastError: problems.join('; ') } : {}),
  };
}
