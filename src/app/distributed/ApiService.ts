import { fileURLToPath } from 'node:url';
import { ControlError, createHttpServer, requireRole, UserDirectory, type ComponentHealth } from '../../api/index.js';
import { RealClock, amountToMinor, createIdSource, minorDigitsOf } from '../../core/index.js';
import { createDefaultStrategyRegistry } from '../../strategy/index.js';
import { FileAuthStore, authFilePath, bootstrapAdmin } from '../auth/index.js';
import { createViewControl, type RunningNodeControl } from '../control/createNodeControl.js';
import { backtestDataDirFromEnvironment, corsOriginsFromEnvironment } from '../environment.js';
import { instrumentsOf } from '../runtime/nodeConfig.js';
import { ApiViews } from './ApiViews.js';
import type { AssembledService } from './assembleService.js';
import { collectStatus } from './collectStatus.js';
import { CommandSender } from './CommandSender.js';
import { startConsumingService } from './ConsumingService.js';
import type { DistributedContext } from './DistributedContext.js';
import { remoteExecutionCommands, remoteTradingCommands } from './remoteCommands.js';
import { serviceSeed } from './serviceConfig.js';
import type { RunningService } from './serviceRuntime.js';
import { refuseUnrouted } from './unroutedCommands.js';

export interface ApiServiceOptions {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  /** The first-run admin's password (else FORTRESS_ADMIN_PASSWORD, else a one-time password is logged). */
  readonly adminPassword?: string;
}

/** The built dashboard (dist/dashboard), as `fortress start` serves it. */
const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard', import.meta.url));

/**
 * The api service of a distributed deployment: the same HTTP API, WebSocket stream and dashboard as
 * `fortress start`, with the same users (auth.json in FORTRESS_HOME, first-run admin). It consumes the event
 * streams as its own consumer group, like every other service (priorities, at-least-once with idempotency,
 * recovery from the log at start, its lag in `fortress status`), and answers every GET from views folded here
 * (ApiViews); /events reads the PostgreSQL store. The kill switch and trading-state changes go to the risk
 * service, cancels to the execution service (serviceCommands); commands no service takes yet answer 501.
 * Besides: GET /health (this process's services) and GET /deployment (every service, stream and group).
 */
export async function startApiService(ctx: DistributedContext, options: ApiServiceOptions, local: () => readonly RunningService[], fatal: (reason: string) => void): Promise<RunningService & { readonly url: string }> {
  const { config, logger } = ctx;
  const home = ctx.settings.home;
  // Users first: a broken auth.json or a bad admin password stops startup before anything is served.
  const directory = UserDirectory.create(new FileAuthStore(authFilePath(home)));
  const admin = await bootstrapAdmin(directory, options.adminPassword !== undefined ? { FORTRESS_ADMIN_PASSWORD: options.adminPassword } : process.env, logger);
  const startedAtMs = Date.now();
  let attached: { service: AssembledService; views: ApiViews } | undefined;
  const consuming = await startConsumingService(ctx, 'api', undefined, fatal, (service, logged) => {
    attached = { service, views: new ApiViews(service, logged) };
  });
  if (attached === undefined) throw new Error('api service: its views were not attached');
  const { service, views } = attached;
  const { graph, clock } = service;
  const sender = new CommandSender({ redis: ctx.redis, prefix: ctx.layout.prefix, logger });
  const digits = minorDigitsOf(config.account.currency);
  const control: RunningNodeControl = createViewControl({
    registry: createDefaultStrategyRegistry(), instruments: instrumentsOf(config), store: ctx.store, clock, ids: createIdSource(clock, serviceSeed(config.market.seed, 'api', '*', 'audit')), logger,
    accountId: config.account.id, currency: config.account.currency, startingCashMinor: amountToMinor(config.account.startingCash, digits),
    startedAtMs, paper: true, home, dataDir: backtestDataDirFromEnvironment(home),
    feed: () => ({ name: 'streams', ...stateOf(consuming.health()) }),
    eventLog: () => ({ name: 'event-log', ...ctx.store.health() }),
    views: {
      bus: service.bus, orders: graph.orders, portfolio: graph.portfolio, risk: views.risk, catalog: views.catalog,
      trading: remoteTradingCommands(sender, clock),
      execution: remoteExecutionCommands(sender, graph.execution, graph.orders),
      market: { portfolio: graph.portfolio, onTick: refuseInjection, onBar: refuseInjection },
    },
  });
  const health = (): ComponentHealth[] => local().map((s) => ({ name: `${s.name} ${s.partition}`, ...stateOf(s.health()) }));
  const http = createHttpServer({
    logger, host: options.host, port: options.port, control, auth: { directory, audit: control.events.audit, clock: new RealClock() },
    dashboardDir: DASHBOARD_DIR, corsOrigins: corsOriginsFromEnvironment(), health,
  });
  refuseUnrouted(http.app);
  http.app.get('/deployment', { preValidation: requireRole('viewer') }, async () => collectStatus(ctx.redis, ctx.layout));
  const { url } = await http.start();
  logger.info({ component: 'api', url }, `api service: dashboard at ${url}/ , API docs at ${url}/docs`);
  if (admin.oneTimePassword !== undefined) {
    logger.warn(
      { component: 'auth', username: admin.username, dashboard: url },
      `first run: created user "${admin.username}" with the one-time password ${admin.oneTimePassword} (shown only now; change it with POST /auth/password, or set FORTRESS_ADMIN_PASSWORD before the first start)`,
    );
  }
  return {
    name: 'api', partition: '*', url, finished: consuming.finished, bus: service.bus,
    health: () => {
      const beat = consuming.health();
      return sender.lastError === undefined ? beat : { ...beat, health: 'degraded', lastError: [beat.lastError, `commands: ${sender.lastError}`].filter(Boolean).join('; ') };
    },
    async stop(): Promise<void> {
      await http.close();
      await control.close();
      await consuming.stop();
    },
  };
}

function stateOf(beat: { readonly health: string; readonly lastError?: string; readonly detail?: string }): Pick<ComponentHealth, 'state' | 'detail'> {
  const detail = beat.lastError ?? beat.detail;
  return { state: beat.health === 'ok' ? 'ok' : 'degraded', ...(detail !== undefined && detail !== '' ? { detail } : {}) };
}

function refuseInjection(): never {
  throw new ControlError('UNAVAILABLE', 'market simulation runs in the single process only (fortress start)');
}
