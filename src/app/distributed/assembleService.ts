import { ENDPOINTS } from '../../bus/index.js';
import { RealClock, SimulatedClock, createIdSource } from '../../core/index.js';
import type { AnyEvent, Clock, EventStore, Logger, MarketDataSink } from '../../core/index.js';
import { ExchangeCalendar } from '../../data/index.js';
import type { RiskConfig, RiskStateFold } from '../../risk/index.js';
import type { StrategyCatalog } from '../../strategy/index.js';
import { instrumentsOf, type NodeFileConfig } from '../runtime/nodeConfig.js';
import { startStrategyCatalog } from '../runtime/startStrategyCatalog.js';
import type { ApprovalKey } from './ApprovalKey.js';
import { BridgedBus } from './BridgedBus.js';
import { createServiceGraph, type ServiceGraph } from './createServiceGraph.js';
import { detachedBroker } from './detachedBroker.js';
import { DurableOutbox } from './DurableOutbox.js';
import { MarketIntake } from './MarketIntake.js';
import { RemoteApprovalGate } from './RemoteApprovalGate.js';
import { RiskApprovalSigner } from './RiskApprovalSigner.js';
import { nodeConfigOf, paperBrokerOf, serviceSeed } from './serviceConfig.js';
import { ServiceHost } from './ServiceHost.js';
import { SERVICE_ROLES, type ServiceName } from './serviceRoles.js';
import type { MessagePublisher } from './transportPorts.js';

export interface ServiceAssemblyOptions {
  readonly name: ServiceName;
  /** `i/n` for a strategy partition, `*` otherwise. */
  readonly share: string;
  readonly config: NodeFileConfig;
  readonly risk: RiskConfig;
  readonly store: EventStore;
  readonly publisher: MessagePublisher;
  /** Required by the risk and execution services. */
  readonly approvalKey?: ApprovalKey;
  readonly logger: Logger;
  /** Events from the log the service's folds need at start (the strategy catalog's). */
  readonly logged?: readonly AnyEvent[];
  /** Live feeds: risk counters and trading state rebuilt from the log. */
  readonly riskFold?: RiskStateFold;
}

export interface AssembledService {
  readonly name: ServiceName;
  readonly share: string;
  readonly clock: Clock;
  /** Set for replays: the clock consumed market data moves. */
  readonly simulatedClock: SimulatedClock | undefined;
  readonly bus: BridgedBus;
  readonly outbox: DurableOutbox;
  readonly graph: ServiceGraph;
  readonly host: ServiceHost;
  /** The execution service's paper broker. */
  readonly broker: ReturnType<typeof paperBrokerOf> | undefined;
  readonly gate: RemoteApprovalGate | undefined;
  readonly catalog: StrategyCatalog | undefined;
}

/**
 * One service of the deployment, wired but not yet consuming: the node's graph with the service's engines
 * started, its bridged bus (journal to the store, outbox to the transport), the market intake and the host that
 * applies consumed batches. The same for every transport (Redis, or the in-memory twin of the unit specs).
 */
export function assembleService(options: ServiceAssemblyOptions): AssembledService {
  const { name, share, config, risk, store, publisher, logger } = options;
  const role = SERVICE_ROLES[name];
  const log = logger.child({ service: name, ...(share === '*' ? {} : { partition: share }) });
  const replay = config.market.feed === 'replay';
  const simulatedClock = replay ? new SimulatedClock(0) : undefined;
  const clock: Clock = simulatedClock ?? new RealClock();
  const ids = createIdSource(clock, serviceSeed(config.market.seed, name, share));
  const instruments = instrumentsOf(config);
  const calendar = new ExchangeCalendar({ holidays: risk.holidays });
  const broker = role.simulatedMarket ? paperBrokerOf(config, clock, instruments, calendar) : undefined;
  const needsKey = role.engines.includes('risk') || role.engines.includes('execution');
  const key = options.approvalKey;
  if (needsKey && key === undefined) throw new Error(`the ${name} service needs the approval key`);
  const outbox = new DurableOutbox({ store, publisher, logger: log });
  const signer = role.engines.includes('risk') && key !== undefined ? new RiskApprovalSigner(key, log) : undefined;
  const bus = new BridgedBus({
    store, outbox,
    onHandlerError: (error, where) => log.error({ component: 'bus', where, err: error }, 'a handler failed; the event stays in the log'),
    ...(signer !== undefined ? { prepare: signer.prepare } : {}),
  });
  const graph = createServiceGraph(
    { bus, clock, ids, logger: log, broker: broker ?? detachedBroker, instruments, calendar, ...(broker !== undefined ? { simulatedMarket: broker } : {}) },
    nodeConfigOf(config, risk, options.riskFold),
    new Set(role.engines),
  );
  let gate: RemoteApprovalGate | undefined;
  if (role.engines.includes('execution') && key !== undefined) {
    gate = new RemoteApprovalGate({ bus, key, approve: graph.authority.approve, clock, ids, logger: log });
    gate.start();
    relayCancelAll(bus);
  }
  let catalog: StrategyCatalog | undefined;
  if (role.engines.includes('strategies')) {
    // Its own id source: registering the configured strategies (first run only) must not shift the ids the
    // strategies draw, or a restart's catch-up would not reproduce them.
    const startupIds = createIdSource(clock, serviceSeed(config.market.seed, name, share, 'catalog'));
    catalog = startStrategyCatalog({ node: graph, clock, ids: startupIds, logger: log, instruments, logged: options.logged ?? [], configured: config.strategies, configSource: 'config.yaml' });
  }
  const sink: MarketDataSink | undefined = broker;
  const intake = new MarketIntake({ bus, publishOn: role.publishOn, ...(simulatedClock !== undefined ? { clock: simulatedClock } : {}), ...(sink !== undefined ? { simulatedMarket: sink } : {}) });
  const host = new ServiceHost({ bus, outbox, intake, inEntryOrder: replay, logger: log, ...(simulatedClock !== undefined ? { clock: simulatedClock } : {}) });
  return { name, share, clock, simulatedClock, bus, outbox, graph, host, broker, gate, catalog };
}

/** The kill switch's second half crosses as the TradingStateChanged that asks for it: cancel-all follows it here, as in one process. */
function relayCancelAll(bus: BridgedBus): void {
  bus.subscribe('TradingStateChanged', (event) => {
    const { cancelOpenOrders, reason, by, accountId } = event.payload;
    if (cancelOpenOrders) bus.send(ENDPOINTS.executionCancelAll, { reason, by, ...(accountId !== undefined ? { accountId } : {}) });
  });
}
