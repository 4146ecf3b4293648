import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserDirectory } from '../../api/index.js';
import { FileAuthStore, authFilePath, bootstrapAdmin, type BootstrapOutcome } from '../auth/index.js';
import { createNodeControl } from '../control/createNodeControl.js';
import { PaperBroker, ReplayFeed, parsePaperBrokerState } from '../../adapters/index.js';
import { openNodeStore } from './openNodeStore.js';
import { SignalIntake } from '../../signals/index.js';
import { apiRateLimitFromEnvironment, backtestDataDirFromEnvironment, corsOriginsFromEnvironment, httpHostFromEnvironment, httpPortFromEnvironment, databaseUrlFromEnvironment, refuseRedisForSingleNode, signalDirFromEnvironment, webhookSecretFromEnvironment } from '../environment.js';
import { createMetrics } from '../metrics/index.js';
import {
  RealClock,
  SimulatedClock,
  amountToMinor,
  createEventFactory,
  createIdSource,
  minorDigitsOf,
  type Clock,
  type Logger,
  type MarketDataFeed,
} from '../../core/index.js';
import { ExchangeCalendar, SessionClock } from '../../data/index.js';
import { RiskStateFold } from '../../risk/index.js';
import { RISK_RULES_TEMPLATE, loadRiskFile, watchRiskFile } from '../risk/index.js';
import { createDefaultStrategyRegistry, type StrategyCatalog } from '../../strategy/index.js';
import { startStrategyCatalog } from './startStrategyCatalog.js';
import { createFeed } from './createFeed.js';
import { logTrading } from './logTrading.js';
import { createNodeHttp, startAmiBrokerIntake } from './signalSurfaces.js';
import { findDifferences } from './reconcile.js';
import { NODE_SNAPSHOT, foldRecovery, nodeSnapshotState, readRecovery, type Recovery } from './recoverFromLog.js';
import { LatestFileWriter } from '../writeFileAtomic.js';
import { createNode, type TradingNode } from '../createNode.js';
import { startOrderPathWarmUp } from './startOrderPathWarmUp.js';
import type { OrderPathWarmUp } from './warmOrderPath.js';
import { sessionCloseOf } from '../sessionClose.js';
import { DEFAULT_CONFIG_TEXT, instrumentsOf, nodeConfigOf, paperBrokerSettingsOf, parseNodeConfig, type NodeFileConfig } from './nodeConfig.js';

/** Where the paper broker keeps its state, beside the event log. */
export const PAPER_BROKER_STATE_FILE = 'paper-broker.json';

export interface RunningNode {
  readonly node: TradingNode;
  readonly feed: MarketDataFeed;
  /** Resolves once the node has stopped (by `stop()`, or by itself at the end of a replay). */
  readonly stopped: Promise<void>;
  /** Where its HTTP surface listens. */
  readonly http: { readonly url: string };
  /** Register, activate, deactivate, re-parameterise strategies (each an event; the API calls this). */
  readonly strategies: StrategyCatalog;
  readonly config: NodeFileConfig;
  readonly home: string;
  /** Whether this start created the first admin, and its one-time password when one was generated. */
  readonly admin: BootstrapOutcome;
  /** The order-path warm-up's outcome once it is done (undefined when it is switched off or failed). */
  readonly warmUp: Promise<OrderPathWarmUp | undefined>;
  stop(): Promise<void>;
}

/** The built dashboard beside the compiled node (dist/dashboard). */
const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard', import.meta.url));

/** Read (or, on first run, write) `$FORTRESS_HOME/config.yaml`. */
export function loadOrCreateConfig(home: string, logger: Logger): NodeFileConfig {
  mkdirSync(home, { recursive: true });
  const path = join(home, 'config.yaml');
  if (!existsSync(path)) {
    writeFileSync(path, DEFAULT_CONFIG_TEXT);
    logger.info({ path }, 'first run: wrote a commented default configuration');
  }
  return parseNodeConfig(readFileSync(path, 'utf8'), path);
}

/**
 * The embedded paper-trading node: the same graph as a backtest, with the wall clock, a live synthetic
 * feed, the paper broker and the SQLite event log under FORTRESS_HOME. Positions and cash are rebuilt
 * from the log at start.
 */
export interface NodeOverrides {
  /** HTTP port (0 = any free port); default FORTRESS_PORT or 8000. */
  readonly port?: number;
  /** AmiBroker signal directory; default SIGNAL_DIR or <home>/signals/amibroker. */
  readonly signalDir?: string;
  /** Shared secret for webhook alerts; default FORTRESS_WEBHOOK_SECRET (no secret: no webhook route). */
  readonly webhookSecret?: string;
  /** A simulated clock (replays, parity tests); the wall clock otherwise. */
  readonly clock?: SimulatedClock;
  /** Seed of the id source (a random one otherwise). */
  readonly seed?: number;
  /** The first admin's password (default FORTRESS_ADMIN_PASSWORD; without either one is generated and printed once). */
  readonly adminPassword?: string;
  /** The event log in PostgreSQL (default DATABASE_URL; the SQLite file in the home without either). */
  readonly databaseUrl?: string;
  /** API requests per caller per window (default DEFAULT_API_RATE_LIMIT). */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
}

export async function startPaperNode(home: string, logger: Logger, overrides: NodeOverrides = {}): Promise<RunningNode> {
  refuseRedisForSingleNode();
  const config = loadOrCreateConfig(home, logger);
  // Users first: a broken auth.json or a bad FORTRESS_ADMIN_PASSWORD stops startup before anything trades.
  const directory = UserDirectory.create(new FileAuthStore(authFilePath(home)));
  // [start-time] The first admin's password is hashed (scrypt, ~80 ms on libuv's pool) while this thread builds the
  // node; a bad FORTRESS_ADMIN_PASSWORD is still refused here, before anything else, and the admin exists
  // before reconciliation, trading or the API start (awaited below).
  const adminCreated = bootstrapAdmin(directory, overrides.adminPassword !== undefined ? { FORTRESS_ADMIN_PASSWORD: overrides.adminPassword } : process.env, logger);
  await refusedAtOnce(adminCreated);
  const startedAtMs = Date.now();
  // A replay's time is the tape's time; a live feed's is the wall clock.
  const replay = config.market.feed === 'replay';
  const clock: Clock = overrides.clock ?? (replay ? new SimulatedClock(0) : new RealClock());
  const ids = createIdSource(clock, overrides.seed ?? config.market.seed);
  const instruments = instrumentsOf(config);
  const riskPath = join(home, 'risk_rules.yaml');
  if (!existsSync(riskPath)) {
    writeFileSync(riskPath, RISK_RULES_TEMPLATE);
    logger.info({ path: riskPath }, 'first run: wrote the default risk rules (edits are picked up without a restart)');
  }
  const risk = loadRiskFile(riskPath);
  const nodeStore = await openNodeStore(home, overrides.databaseUrl ?? databaseUrlFromEnvironment(), logger);
  const { store } = nodeStore;
  const storePath = nodeStore.where;
  // The log is the source of truth. Live feed: risk counters and trading state (a kill switch survives a
  // restart) are folded first, then orders and positions once the node exists. Replay feed: the node is
  // deterministic, so it recovers by re-running the tape from its start; every event it regenerates carries
  // the idempotency key of the one already logged and is skipped by the store, so the log continues exactly
  // where it stopped (nothing lost, nothing applied twice).
  const riskFold = new RiskStateFold();
  const alreadyLogged = await store.lastSeq();
  const recovery: Recovery = replay ? { history: [], tail: [], snapshotSeq: 0 } : await readRecovery(store, clock.nowMs());
  for (const event of recovery.history) riskFold.apply(event);
  const digits = minorDigitsOf(config.account.currency);
  const calendar = new ExchangeCalendar({ holidays: risk.holidays });
  const brokerSettings = paperBrokerSettingsOf(config);
  const broker = new PaperBroker({ clock, instruments, sessionCloseOf: sessionCloseOf(calendar, instruments), config: brokerSettings });
  // The paper broker's own durable state (live feeds): written beside the log after each flush, so it is
  // never ahead of the durable log; a crash can leave it behind, which reconciliation then shows.
  const brokerStatePath = join(home, PAPER_BROKER_STATE_FILE);
  if (!replay && existsSync(brokerStatePath)) {
    broker.restore(parsePaperBrokerState(JSON.parse(readFileSync(brokerStatePath, 'utf8')) as unknown, brokerStatePath));
  }
  const nodeConfig = nodeConfigOf(config, risk, riskFold);
  const node = createNode(
    {
      clock, ids, logger, broker, simulatedMarket: broker, store, instruments, calendar,
      onHandlerError: (error, where) => logger.error({ component: 'bus', where, err: error }, 'a handler failed; the event stays in the log'),
    },
    nodeConfig,
  );
  const metrics = createMetrics({ bus: node.bus, clock, orders: node.orders, portfolio: node.portfolio, accountIds: [config.account.id], tradingState: node.risk.tradingStatus.state });
  foldRecovery(recovery, node, (event) => metrics.replay(event));
  for (const event of recovery.history) node.execution.applySessionEvent(event);
  // Strategies: config.yaml seeds the catalog; afterwards the log owns it (changes are events, kept across restarts).
  const registry = createDefaultStrategyRegistry();
  const strategies = startStrategyCatalog({ node, clock, ids, logger, instruments, logged: recovery.history, registry, configured: config.strategies, configSource: 'config.yaml' });
  const intake = new SignalIntake({ bus: node.bus, clock, ids, logger, instruments, isStrategyActive: strategies.isStrategyActive });
  for (const event of recovery.history) intake.apply(event);
  const signalDir = overrides.signalDir ?? signalDirFromEnvironment(home);
  let feedRunning = false;
  /** Why the last flush of the log failed; cleared by the next one that succeeds (health shows it). */
  let eventLogProblem: string | undefined;
  const control = createNodeControl({
    node, catalog: strategies, registry, instruments, store, clock, ids, logger,
    accountId: config.account.id, currency: config.account.currency, startingCashMinor: amountToMinor(config.account.startingCash, digits),
    startedAtMs, paper: true, home, dataDir: backtestDataDirFromEnvironment(home), logged: recovery.tail,
    feed: () => ({ name: 'feed', state: feedRunning ? 'ok' : 'down', detail: `${config.market.feed}${feedRunning ? '' : ' (stopped)'}` }),
    eventLog: () => nodeStore.health(eventLogProblem),
    signalIntake: () => ({ name: 'signal-intake', state: 'ok', detail: `AmiBroker files in ${signalDir}` }),
  });
  const replayed = recovery.tail.length;
  if (replay && alreadyLogged > 0) {
    logger.info({ component: 'node', loggedEvents: alreadyLogged }, 'recovering: re-running the tape from its start; logged events are recognised by their idempotency keys');
  }
  // [start-time] The HTTP surface loads its plugins and routes now (it listens last), while the admin's password
  // is hashed and the log's writer thread starts. All three finish here: the admin exists and the writer has
  // answered before reconciliation, trading or the API begin.
  const webhookSecret = overrides.webhookSecret ?? webhookSecretFromEnvironment();
  const http = createNodeHttp({
    logger, host: httpHostFromEnvironment(), port: overrides.port ?? httpPortFromEnvironment(), metrics, intake, store, webhookSecret,
    control, auth: { directory, audit: control.events.audit, clock }, dashboardDir: DASHBOARD_DIR, corsOrigins: corsOriginsFromEnvironment(),
    ...optionalRateLimit(overrides.rateLimit ?? apiRateLimitFromEnvironment()),
    health: () => control.status().components,
  });
  const [admin] = await Promise.all([adminCreated, store.flush(), http.prepare()]).catch(async (error: unknown) => {
    // Undo what was opened; the first error is the one to report.
    await http.close().catch(() => undefined);
    await control.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  });
  // Reconciliation fails closed: when the log and the broker disagree, trading does not start.
  const differences = replay ? [] : await findDifferences(node.orders, node.portfolio, broker, config.account.id);
  if (differences.length > 0) {
    node.bus.emit(createEventFactory('reconciliation', clock, ids).create('ReconciliationMismatch', { broker: broker.name, differences }, { key: config.account.id }));
    node.risk.setTradingState('HALTED', 'reconciliation', `${differences.length} difference(s) between the event log and the ${broker.name} broker`);
    for (const d of differences) logger.warn({ component: 'reconciliation', ...d }, `log and broker disagree: ${d.kind}`);
    logger.warn({ component: 'reconciliation', home }, 'trading stays HALTED: run `fortress reconcile` (node stopped) to see and resolve each difference');
  }
  const riskWatcher = watchRiskFile({ path: riskPath, engine: node.risk, logger, calendarFor: (holidays) => new ExchangeCalendar({ holidays }) });

  logTrading(node, logger);

  const feed = createFeed(config, instruments, clock, clock instanceof SimulatedClock ? clock : undefined, logger);
  feedRunning = true;
  await feed.start(metrics.tap({ onBar: (bar) => node.onBar(bar), onTick: (tick) => node.onTick(tick) }));

  // External signals and the HTTP surface (health, metrics, webhook alerts).
  const watcher = await startAmiBrokerIntake(signalDir, intake, store, logger);
  const { url } = await http.start();
  // The session clock: each exchange's regime once a second of wall time (strategies pause while theirs is
  // CLOSED). Not for replays: their time runs at the tape's pace, and a wall-clock timer would make a replay
  // depend on how fast the machine is; the trading-hours rule still guards every order.
  const sessions = new SessionClock({ bus: node.bus, clock, ids, calendar, exchanges: [...new Set(instruments.all().map((i) => i.exchange))] });
  if (!replay) sessions.tick();
  const sessionTimer = replay ? undefined : setInterval(() => sessions.tick(), 1000);
  // Engine code owns no timers: the runtime drives expiry of DAY orders, broker timeouts and flushes.
  // A snapshot of orders and positions now and then (and at stop), so a restart folds only the tail after it.
  let lastSnapshotMs = clock.nowMs();
  const snapshot = async (): Promise<void> => {
    if (replay) return; // a replay recovers by re-running its tape
    const seq = await store.saveSnapshotAtHead(NODE_SNAPSHOT, clock.nowMs(), nodeSnapshotState(node));
    logger.debug({ component: 'store', seq }, 'snapshot of orders, positions and equity references saved');
  };
  // Written off the event loop's turn (a sync write here was a millisecond stall five times a second).
  const brokerStateFile = new LatestFileWriter(brokerStatePath, (err: unknown) => logger.error({ component: 'broker', err, path: brokerStatePath }, 'paper broker state not written; retried at the next flush'));
  const persistBroker = async (): Promise<void> => {
    const state = broker.snapshot(); // the same instant as the buffer flush() takes
    try {
      await store.flush();
      eventLogProblem = undefined;
    } catch (error) {
      eventLogProblem = error instanceof Error ? error.message : String(error);
      throw error;
    }
    if (!replay) brokerStateFile.write(JSON.stringify(state));
  };
  const flushTimer = setInterval(() => {
    broker.expireDue(clock.nowMs());
    node.execution.poll();
    persistBroker().catch((err: unknown) => logger.error({ component: 'store', err }, 'event log flush failed'));
    if (clock.nowMs() - lastSnapshotMs >= config.store.snapshotEverySeconds * 1000) {
      lastSnapshotMs = clock.nowMs();
      snapshot().catch((err: unknown) => logger.error({ component: 'store', err }, 'snapshot failed; the next restart folds more of the log'));
    }
  }, 200);

  logger.info(
    { component: 'node', home, http: url, signalDir, webhook: webhookSecret !== undefined ? `${url}/signals/webhook` : 'off (set FORTRESS_WEBHOOK_SECRET)', eventLog: storePath, riskRules: riskPath, tradingState: node.risk.tradingStatus.state, replayedEvents: replayed, snapshotSeq: recovery.snapshotSeq, strategies: strategies.list().map((v) => `${v.strategyId}${v.active ? '' : ' (inactive)'}`), account: config.account.id },
    `paper node running: dashboard at ${url}/ , API docs at ${url}/docs ; Ctrl-C stops it`,
  );
  if (admin.oneTimePassword !== undefined) {
    logger.warn(
      { component: 'auth', username: admin.username, dashboard: url },
      `first run: created user "${admin.username}" with the one-time password ${admin.oneTimePassword} (shown only now; change it with POST /auth/password, or set FORTRESS_ADMIN_PASSWORD before the first start)`,
    );
  }

  // The order path, compiled before the first real order needs it: after ready, in slices between the node's own work.
  const warmUp = config.runtime.warmUpOrderPath
    ? startOrderPathWarmUp(
      {
        config: nodeConfig, instruments, clock, holidays: risk.holidays, marketData: config.broker.fillModel === 'tick' ? 'ticks' : 'bars',
        createBroker: (ports) => new PaperBroker({ ...ports, config: brokerSettings }),
      },
      { keepWarmEveryMs: config.runtime.keepWarmEveryMs },
      logger,
    )
    : undefined;

  let stopped = false;
  let markStopped: () => void = () => undefined;
  const stoppedPromise = new Promise<void>((resolve) => (markStopped = resolve));
  const running: RunningNode = {
    node,
    config,
    home,
    feed,
    stopped: stoppedPromise,
    http: { url },
    strategies,
    admin,
    warmUp: warmUp?.done ?? Promise.resolve(undefined),
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await warmUp?.stop();
      await http.close();
      await control.close();
      await watcher.stop();
      await feed.stop();
      feedRunning = false;
      metrics.stop();
      riskWatcher.close();
      clearInterval(flushTimer);
      if (sessionTimer !== undefined) clearInterval(sessionTimer);
      await persistBroker();
      await brokerStateFile.settled();
      await snapshot();
      await store.close();
      const account = node.portfolio.account(config.account.id);
      logger.info({ component: 'node', cashMinor: account?.cashMinor, equityMinor: node.portfolio.equityMinor(config.account.id) }, 'stopped: feed closed, event log flushed');
      markStopped();
    },
  };
  if (feed instanceof ReplayFeed && config.market.replay?.stopAtEnd === true) {
    void feed.finished().then(() => running.stop());
  }
  return running;
}

/**
 * Rejects when `started` has already been refused (an async function that threw before its first await), resolves
 * otherwise without waiting for it. Promise.race settles in the order of its inputs, and a settled promise's
 * reaction is queued before the resolved value's.
 */
async function refusedAtOnce(started: Promise<unknown>): Promise<void> {
  await Promise.race([started, undefined]);
}

function optionalRateLimit(rateLimit: { readonly max: number; readonly timeWindowMs: number } | undefined): { rateLimit?: { readonly max: number; readonly timeWindowMs: number } } {
  return rateLimit !== undefined ? { rateLimit } : {};
}
