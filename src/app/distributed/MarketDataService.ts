import { createIdSource, type MarketDataFeed } from '../../core/index.js';
import { ExchangeCalendar, SessionClock } from '../../data/index.js';
import { createFeed } from '../runtime/createFeed.js';
import { instrumentsOf } from '../runtime/nodeConfig.js';
import { assembleService } from './assembleService.js';
import { awaitServices } from './awaitServices.js';
import type { DistributedContext } from './DistributedContext.js';
import type { ServiceBeat } from './Heartbeat.js';
import { LockstepDriver } from './LockstepDriver.js';
import { RedisSettlement } from './RedisSettlement.js';
import { replayBars } from './replayBars.js';
import { resumePosition } from './resumePosition.js';
import { serviceSeed } from './serviceConfig.js';
import { LOCKSTEP_SERVICES } from './serviceRoles.js';
import { takePresence, type RunningService } from './serviceRuntime.js';

/**
 * The market-data service: the configured feed onto the market streams. A replay runs in lockstep (each bar's
 * phases published only once everything the previous phase caused has settled in every service) and resumes
 * where it stopped after a restart; it stops by itself at the tape's end when `replay.stopAtEnd`. A live feed
 * (synthetic) publishes as it ticks, and the session clock's regime changes go out as events.
 */
export async function startMarketDataService(ctx: DistributedContext, fatal: (reason: string) => void): Promise<RunningService> {
  const { config, publisher, layout } = ctx;
  let published = 0;
  let settlement: RedisSettlement | undefined;
  let stopping = false;
  let driver: LockstepDriver | undefined;
  const beat = (role: ServiceBeat['role']): ServiceBeat => {
    const health = publisher.health();
    return {
      role, health: health.healthy ? 'ok' : 'degraded', handled: published,
      detail: settlement?.waitingFor !== undefined && settlement.waitingFor !== '' ? `waiting for ${settlement.waitingFor}` : '',
      ...(health.lastError !== undefined && !health.healthy ? { lastError: health.lastError } : {}),
    };
  };
  const presence = await takePresence(ctx, 'market-data', '*', beat, () => {
    driver?.stop();
    fatal('market-data: another process took over');
  });
  const { log } = presence;
  const service = assembleService({ name: 'market-data', share: '*', config, risk: ctx.risk, store: ctx.store, publisher, logger: ctx.logger });
  const timers: NodeJS.Timeout[] = [setInterval(() => void (service.outbox.health().waiting > 0 ? service.outbox.settle() : undefined), 50)];
  let markFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (markFinished = resolve));
  let feed: MarketDataFeed | undefined;

  const stop = async (): Promise<void> => {
    if (stopping) return finished;
    stopping = true;
    presence.role = 'stopping';
    driver?.stop();
    await feed?.stop();
    for (const timer of timers) clearInterval(timer);
    await service.outbox.settle();
    await publisher.flush();
    service.outbox.close();
    await presence.heartbeat.stop();
    await presence.lease.release();
    markFinished();
    return finished;
  };

  if (config.market.feed === 'replay') {
    const bars = await replayBars(config);
    const marketStreams = layout.streams({ families: ['market'] }).map((s) => s.name);
    const from = await resumePosition(ctx.redis, marketStreams, bars);
    settlement = new RedisSettlement({ redis: ctx.redis, streams: layout.streams().map((s) => s.name), logger: log });
    const speed = config.market.replay?.speed === 'max' ? Number.POSITIVE_INFINITY : (config.market.replay?.speed ?? 1);
    driver = new LockstepDriver({ publisher, settlement, logger: log, speed, from, onBar: () => void (published += 3) });
    presence.role = 'active';
    void presence.heartbeat.beat();
    log.info({ component: 'lockstep', bars: bars.length, from }, 'lockstep replay: waiting for the services');
    const lockstep = driver;
    const run = async (): Promise<void> => {
      await awaitServices(ctx.redis, layout.prefix, LOCKSTEP_SERVICES, log, () => stopping);
      await lockstep.run(bars);
    };
    void run().then(
      () => {
        if (stopping) return;
        log.info({ component: 'lockstep', bars: bars.length }, 'the tape is replayed and settled in every service');
        if (config.market.replay?.stopAtEnd === true) void stop();
      },
      (error: unknown) => fatal(`lockstep replay failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  } else {
    const instruments = instrumentsOf(config);
    const ids = createIdSource(service.clock, serviceSeed(config.market.seed, 'market-data', '*', 'session'));
    const sessions = new SessionClock({ bus: service.bus, clock: service.clock, ids, calendar: new ExchangeCalendar({ holidays: ctx.risk.holidays }), exchanges: [...new Set(instruments.all().map((i) => i.exchange))] });
    sessions.tick();
    timers.push(setInterval(() => sessions.tick(), 1_000));
    feed = createFeed(config, instruments, service.clock, undefined, ctx.logger);
    await feed.start({
      onBar: (bar) => {
        publisher.publishBar(bar);
        published++;
      },
      onTick: (tick) => {
        publisher.publishTick(tick);
        published++;
      },
    });
    presence.role = 'active';
    log.info({ component: 'service', feed: config.market.feed }, 'market-data service publishing');
  }
  return { name: 'market-data', partition: '*', finished, health: () => beat(presence.role), stop };
}
