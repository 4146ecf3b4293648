import { DecisionEngine, type SizingConfig } from '../brain/index.js';
import { InProcessMessageBus, TOPICS, type HandlerErrorPolicy, type MessageBus } from '../bus/index.js';
import {
  createApprovalAuthority,
  type ApprovalAuthority,
  type Bar,
  type Broker,
  type Clock,
  type EventStore,
  type IdSource,
  type InstrumentProvider,
  type Logger,
  type MarketDataSink,
  type SessionCalendar,
  type Tick,
  type TimeInForce,
} from '../core/index.js';
import { DataEngine } from '../data/index.js';
import { ExecutionEngine, OrderRegistry } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { RiskEngine, type RiskConfig, type RiskStateFold } from '../risk/index.js';
import { StrategyRunner } from '../strategy/index.js';

/** Everything that differs between backtest, paper and live: the outside world behind core ports. */
export interface NodePorts {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly broker: Broker;
  /** Set when the broker simulates a market (the paper broker): it sees each bar or tick before strategies do. */
  readonly simulatedMarket?: MarketDataSink;
  readonly store: EventStore;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  /** How the bus treats a throwing handler; the default rethrows (a backtest fails fast). */
  readonly onHandlerError?: HandlerErrorPolicy;
}

export interface NodeConfig {
  readonly accountId: string;
  readonly currency: string;
  readonly startingCashMinor: number;
  readonly sizing: SizingConfig;
  readonly pyramiding: boolean;
  readonly timeInForce: TimeInForce;
  readonly risk: RiskConfig;
  /** Risk counters and trading state rebuilt from the log on restart. */
  readonly riskFold?: RiskStateFold;
  /** Trading state while the broker's session (token) is expired; default HALTED. */
  readonly onBrokerSessionExpired?: 'HALTED' | 'REDUCING';
}

export interface TradingNode {
  readonly bus: MessageBus;
  readonly portfolio: Portfolio;
  readonly orders: OrderRegistry;
  readonly strategies: StrategyRunner;
  readonly risk: RiskEngine;
  readonly execution: ExecutionEngine;
  readonly data: DataEngine;
  /** Close-position / close-all: reduce-only signals through sizing, risk and the slicer. */
  readonly decision: DecisionEngine;
  /** Market data enters here: the simulated market first (fills at this bar's open), then the bus. */
  onBar(bar: Bar): void;
  onTick(tick: Tick): void;
}

/**
 * The composition root: one graph for backtest, paper and live. Every event is journaled to the store
 * before any component acts on it; only the risk engine holds `approve`, only execution holds the broker.
 */
export function createNode(ports: NodePorts, config: NodeConfig): TradingNode {
  const bus = new InProcessMessageBus(ports.onHandlerError);
  bus.setJournal((event) => ports.store.append(event));
  const engines = buildEngines({ ...ports, bus }, config);
  const { data, portfolio, execution, risk, decision, strategies, orders } = engines;

  // Subscription order is dispatch order: prices are marked before strategies see a bar.
  data.start();
  portfolio.start();
  execution.start();
  risk.start();
  decision.start();
  strategies.start();

  return { bus, portfolio, orders, strategies, risk, execution, data, decision, ...marketInputs(bus, ports.simulatedMarket) };
}

/** How market data enters a node: the simulated market (paper broker) sees it first, then the bus's subscribers. */
export function marketInputs(bus: MessageBus, market: NodePorts['simulatedMarket']): Pick<TradingNode, 'onBar' | 'onTick'> {
  return {
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

/** What the engines are built from: the node's ports with the bus already chosen (in-process, or bridged). */
export type EnginePorts = Omit<NodePorts, 'store' | 'onHandlerError' | 'simulatedMarket'> & { readonly bus: MessageBus };

/** Every engine of the graph, built but not started, and the approval authority they share. */
export interface BuiltEngines {
  readonly authority: ApprovalAuthority;
  readonly orders: OrderRegistry;
  readonly data: DataEngine;
  readonly portfolio: Portfolio;
  readonly execution: ExecutionEngine;
  readonly risk: RiskEngine;
  readonly decision: DecisionEngine;
  readonly strategies: StrategyRunner;
}

/**
 * The one place the engines are wired: the single node starts all of them, a distributed service only its own
 * (app/distributed/createServiceGraph.ts). Only the risk engine gets `approve`, only execution the broker.
 */
export function buildEngines(ports: EnginePorts, config: NodeConfig): BuiltEngines {
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
  return { authority, orders, data, portfolio, execution, risk, decision, strategies };
}
