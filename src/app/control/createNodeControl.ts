import type { ComponentStatus, NodeControl } from '../../api/index.js';
import type { MessageBus } from '../../bus/index.js';
import { RealClock, type AnyEvent, type Clock, type EventStore, type IdSource, type InstrumentProvider, type Logger } from '../../core/index.js';
import type { OrderRegistry } from '../../execution/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import type { StrategyCatalog, StrategyRegistry } from '../../strategy/index.js';
import type { TradingNode } from '../createNode.js';
import { createBacktestJobs } from './backtestJobs.js';
import { createEventControl } from './eventControl.js';
import { createExecutionControl, type ExecutionCommands } from './executionControl.js';
import { createMarketControl, type MarketControlDeps } from './marketControl.js';
import { createPortfolioControl } from './portfolioControl.js';
import { createRiskControl, engineTradingCommands, type RiskView, type TradingCommands } from './riskControl.js';
import { createStatusControl } from './statusControl.js';
import { createStrategyControl, type StrategyControlDeps } from './strategyControl.js';

export interface NodeControlDeps {
  readonly node: TradingNode;
  readonly catalog: StrategyCatalog;
  readonly registry: StrategyRegistry;
  readonly instruments: InstrumentProvider;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly accountId: string;
  readonly currency: string;
  readonly startingCashMinor: number;
  readonly startedAtMs: number;
  /** Paper mode allows market simulation. */
  readonly paper: boolean;
  /** FORTRESS_HOME: backtest jobs keep their results under it. */
  readonly home: string;
  /** Where backtests find CSV files by symbol. */
  readonly dataDir: string;
  /** Events read from the log at start (recent risk rejections are folded from them). */
  readonly logged?: Iterable<AnyEvent>;
  readonly feed: () => ComponentStatus;
  readonly eventLog: () => ComponentStatus;
  readonly signalIntake?: () => ComponentStatus;
}

/**
 * What the controls read and command. In one process: the node's engines themselves. In the api service of a
 * distributed deployment: folds of the events it consumes, and commands sent to the service that owns them.
 */
export interface ControlViews {
  /** Rejections, equity samples and the live event stream are observed on it; audits are emitted on it. */
  readonly bus: MessageBus;
  readonly orders: OrderRegistry;
  readonly portfolio: Portfolio;
  readonly risk: RiskView;
  readonly trading: TradingCommands;
  readonly execution: ExecutionCommands;
  readonly catalog: StrategyControlDeps['catalog'];
  readonly market: MarketControlDeps['node'];
}

export type ViewControlDeps = Omit<NodeControlDeps, 'node' | 'catalog'> & { readonly views: ControlViews };

export interface RunningNodeControl extends NodeControl {
  /** Stop observing the bus and let running backtests finish or stop. */
  close(): Promise<void>;
}

/** The API's view of one running node: each part over the engine objects it reads or commands. */
export function createNodeControl(deps: NodeControlDeps): RunningNodeControl {
  const { node, catalog, ...rest } = deps;
  return createViewControl({
    ...rest,
    views: { bus: node.bus, orders: node.orders, portfolio: node.portfolio, risk: node.risk, trading: engineTradingCommands(node.risk), execution: node.execution, catalog, market: node },
  });
}

/** The API's controls over any views (an in-process node's engines, or a deployment's folds and remote commands). */
export function createViewControl(deps: ViewControlDeps): RunningNodeControl {
  const { views, clock } = deps;
  const risk = createRiskControl({ risk: views.risk, commands: views.trading, bus: views.bus, portfolio: views.portfolio, accountId: deps.accountId, clock, ...(deps.logged !== undefined ? { logged: deps.logged } : {}) });
  const portfolio = createPortfolioControl({ portfolio: views.portfolio, accountId: deps.accountId, currency: deps.currency, clock, bus: views.bus, startingCashMinor: deps.startingCashMinor, equityReferences: views.risk.metrics });
  // Jobs are stamped with wall time even on a replay node, whose clock runs in the tape's time.
  const backtests = createBacktestJobs({ home: deps.home, dataDir: deps.dataDir, logger: deps.logger, clock: new RealClock() });
  const status = createStatusControl({
    clock, startedAtMs: deps.startedAtMs, mode: deps.paper ? 'paper' : 'live', accountId: deps.accountId,
    risk: views.risk, execution: views.execution, orders: views.orders, catalog: views.catalog,
    feed: deps.feed, eventLog: deps.eventLog, ...(deps.signalIntake !== undefined ? { signalIntake: deps.signalIntake } : {}),
  });
  return {
    status: status.status,
    strategies: createStrategyControl({ catalog: views.catalog, registry: deps.registry, instruments: deps.instruments }),
    risk,
    execution: createExecutionControl({ orders: views.orders, execution: views.execution, accountId: deps.accountId }),
    portfolio,
    events: createEventControl({ store: deps.store, bus: views.bus, clock, ids: deps.ids }),
    market: createMarketControl({ node: views.market, instruments: deps.instruments, clock, paper: deps.paper, logger: deps.logger }),
    backtests,
    async close() {
      risk.stop();
      portfolio.stop();
      await backtests.close();
    },
  };
}
