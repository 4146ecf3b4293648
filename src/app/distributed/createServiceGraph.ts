import { ENDPOINTS, TOPICS } from '../../bus/index.js';
import type {
  ApprovalAuthority, Broker, Clock, IdSource, InstrumentProvider, Logger, MarketDataSink, SessionCalendar,
} from '../../core/index.js';
import type { OrderRegistry } from '../../execution/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import { buildEngines, marketInputs, type NodeConfig, type TradingNode } from '../createNode.js';
import type { BridgedBus } from './BridgedBus.js';
import type { EngineName } from './serviceRoles.js';

export interface ServiceGraphPorts {
  readonly bus: BridgedBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly broker: Broker;
  /** The paper broker's simulated market (execution service). */
  readonly simulatedMarket?: MarketDataSink;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
}

export interface ServiceGraph extends TradingNode {
  /** This process's own approval authority (the execution service's RemoteApprovalGate mints with it). */
  readonly authority: ApprovalAuthority;
}

/**
 * The node's graph for one service: every engine built by createNode's own `buildEngines`, started in the same
 * subscription order, but only the service's own. The others' effects arrive as events from the transport;
 * `views` folds the portfolio and order events it receives into the read-only views the risk and decision
 * engines (or the API) read.
 */
export function createServiceGraph(ports: ServiceGraphPorts, config: NodeConfig, engines: ReadonlySet<EngineName>): ServiceGraph {
  const { bus, logger } = ports;
  const child = (component: string): Logger => logger.child({ component });
  const { authority, orders, data, portfolio, execution, risk, decision, strategies } = buildEngines(ports, config);

  // Subscription order is dispatch order, as in createNode: prices are marked before strategies see a bar.
  if (engines.has('data')) data.start();
  if (engines.has('portfolio')) portfolio.start();
  if (engines.has('views')) followViews(bus, portfolio, orders);
  if (engines.has('execution')) execution.start();
  if (engines.has('risk')) risk.start();
  if (engines.has('decision')) decision.start();
  if (engines.has('strategies')) strategies.start();
  if (engines.has('risk') && !engines.has('execution')) handOffToExecutionService(bus, child('risk'));

  return { bus, portfolio, orders, strategies, risk, execution, data, decision, authority, ...marketInputs(bus, ports.simulatedMarket) };
}

/** The read side of another service's engines: fills into the portfolio fold, order events into the registry, prices into marks. */
function followViews(bus: BridgedBus, portfolio: Portfolio, orders: OrderRegistry): void {
  bus.subscribe(TOPICS.bar, (bar) => portfolio.markPrice(bar.instrumentId, bar.close));
  bus.subscribe(TOPICS.tick, (tick) => portfolio.markPrice(tick.instrumentId, tick.price));
  bus.subscribePattern('Order*', (event) => {
    orders.apply(event);
    if (event.type === 'OrderFilled') portfolio.apply(event);
  });
}

/**
 * In the risk service the execution endpoints lead out of the process: an approval crosses as its signed
 * RiskApproved event, a cancel-all as the TradingStateChanged (cancelOpenOrders) that precedes it. Baskets do
 * not cross processes (their intent is not an event): they are refused loudly.
 */
function handOffToExecutionService(bus: BridgedBus, logger: Logger): void {
  bus.register(ENDPOINTS.executionExecute, () => undefined);
  bus.register(ENDPOINTS.executionCancelAll, () => undefined);
  bus.register(ENDPOINTS.executionExecuteBasket, (basket) => {
    logger.error({ basketId: basket.basket.basketId }, 'baskets run in the single process only: this approved basket is not executed by the distributed deployment');
  });
}
