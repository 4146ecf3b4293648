import { DecisionEngine } from '../../brain/index.js';
import { ENDPOINTS, TOPICS } from '../../bus/index.js';
import { createApprovalAuthority } from '../../core/index.js';
import type {
  ApprovalAuthority, Bar, Broker, Clock, IdSource, InstrumentProvider, Logger, MarketDataSink, SessionCalendar, Tick,
} from '../../core/index.js';
import { DataEngine } from '../../data/index.js';
import { ExecutionEngine, OrderRegistry } from '../../execution/index.js';
import { Portfolio } from '../../portfolio/index.js';
import { RiskEngine } from '../../risk/index.js';
import { StrategyRunner } from '../../strategy/index.js';
import type { NodeConfig, TradingNode } from '../createNode.js';
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
 * The node's graph for one service: every engine built exactly as `createNode` builds it (same options, same
 * subscription order), only the service's own engines started. The others' effects arrive as events from the
 * transport; `views` folds the portfolio and order events it receives into the read-only views the risk and
 * decision engines (or the API) read. Keep in step with createNode.ts.
 */
export function createServiceGraph(ports: ServiceGraphPorts, config: NodeConfig, engines: ReadonlySet<EngineName>): ServiceGraph {
  const { bus, clock, ids, logger, broker, instruments, calendar } = ports;
  const authority = createApprovalAuthority();
  const orders = new OrderRegistry({ instruments });
  const child = (component: string): Logger => logger.child({ component });

  const data = new DataEngine({ bus, logger: child('data') });
  const portfolio = new Portfolio({
    bus, clock, ids, logger: child('portfolio'), instruments,
    accounts: [{ accountId: config.accountId, currency: config.currency, startingCashMinor: config.startingCashMinor }],
  });
  const execution = new ExecutionEngine({
    bus, clock, ids, logger: child('execution'), broker, verify: authority.verify, verifyBasket: authority.verifyBasket, instruments, registry: orders,
  });
  const risk = new RiskEngine({
    bus, clock, ids, logger: child('risk'), approve: authority.approve, approveBasket: authority.approveBasket, accountIds: [config.accountId],
    portfolio, orders, instruments, calendar, config: config.risk,
    ...(config.riskFold !== undefined ? { state: config.riskFold.state } : {}),
    ...(config.riskFold?.tradingStatus !== undefined ? { tradingStatus: config.riskFold.tradingStatus } : {}),
    ...(config.onBrokerSessionExpired !== undefined ? { brokerSessionAction: config.onBrokerSessionExpired } : {}),
  });
  const decision = new DecisionEngine({
    bus, clock, ids, logger: child('brain'), portfolio, orders, instruments,
    config: { accountId: config.accountId, sizing: config.sizing, pyramiding: config.pyramiding, timeInForce: config.timeInForce },
  });
  const strategies = new StrategyRunner({
    bus, clock, ids, logger: child('strategy'), accountId: config.accountId, exchangeOf: (id) => instruments.get(id)?.exchange,
  });

  // Subscription order is dispatch order, as in createNode: prices are marked before strategies see a bar.
  if (engines.has('data')) data.start();
  if (engines.has('portfolio')) portfolio.start();
  if (engines.has('views')) followViews(bus, portfolio, orders);
  if (engines.has('execution')) execution.start();
  if (engines.has('risk')) risk.start();
  if (engines.has('decision')) decision.start();
  if (engines.has('strategies')) strategies.start();
  if (engines.has('risk') && !engines.has('execution')) handOffToExecutionService(bus, child('risk'));

  const market = ports.simulatedMarket;
  return {
    bus, portfolio, orders, strategies, risk, execution, data, decision, authority,
    onBar(bar: Bar): void {
      market?.onBar(bar);
      bus.publish(TOPICS.bar, bar);
    },
    onTick(tick: Tick): void {
      market?.onTick(tick);
      bus.publish(TOPICS.tick, tick);
    },
  };
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
