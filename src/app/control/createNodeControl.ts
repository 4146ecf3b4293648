import type { ComponentStatus, NodeControl } from '../../api/index.js';
import { RealClock, type AnyEvent, type Clock, type EventStore, type IdSource, type InstrumentProvider, type Logger } from '../../core/index.js';
import type { StrategyCatalog, StrategyRegistry } from '../../strategy/index.js';
import type { TradingNode } from '../createNode.js';
import { createBacktestJobs } from './backtestJobs.js';
import { createEventControl } from './eventControl.js';
import { createExecutionControl } from './executionControl.js';
import { createMarketControl } from './marketControl.js';
import { createPortfolioControl } from './portfolioControl.js';
import { createRiskControl } from './riskControl.js';
import { createStatusControl } from './statusControl.js';
import { createStrategyControl } from './strategyControl.js';

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

export interface RunningNodeControl extends NodeControl {
  /** Stop observing the bus and let running backtests finish or stop. */
  close(): Promise<void>;
}

/** The API's view of one running node: each part over the engine objects it reads or commands. */
export function createNodeControl(deps: NodeControlDeps): RunningNodeControl {
  const { node, clock } = deps;
  const risk = createRiskControl({ risk: node.risk, bus: node.bus, portfolio: node.portfolio, accountId: deps.accountId, clock, ...(deps.logged !== undefined ? { logged: deps.logged } : {}) });
  const portfolio = createPortfolioControl({ portfolio: node.portfolio, accountId: deps.accountId, currency: deps.currency, clock, bus: node.bus, startingCashMinor: deps.startingCashMinor, equityReferences: node.risk.metrics });
  // Jobs are stamped with wall time even on a replay node, whose clock runs in the tape's time.
  const backtests = createBacktestJobs({ home: deps.home, dataDir: deps.dataDir, logger: deps.logger, clock: new RealClock() });
  const status = createStatusControl({
    clock, startedAtMs: deps.startedAtMs, mode: deps.paper ? 'paper' : 'live', accountId: deps.accountId,
    risk: node.risk, execution: node.execution, orders: node.orders, catalog: deps.catalog,
    feed: deps.feed, eventLog: deps.eventLog, ...(deps.signalIntake !== undefined ? { signalIntake: deps.signalIntake } : {}),
  });
  return {
    status: status.status,
    strategies: createStrategyControl({ catalog: deps.catalog, registry: deps.registry, instruments: deps.instruments }),
    risk,
    execution: createExecutionControl({ orders: node.orders, execution: node.execution, accountId: deps.accountId }),
    portfolio,
    events: createEventControl({ store: deps.store, bus: node.bus, clock, ids: deps.ids }),
    market: createMarketControl({ node, instruments: deps.instruments, clock, paper: deps.paper, logger: deps.logger }),
    backtests,
    async close() {
      risk.stop();
      portfolio.stop();
      await backtests.close();
    },
  };
}
