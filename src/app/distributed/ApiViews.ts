import type { AnyEvent } from '../../core/index.js';
import { RiskStateFold, type TradingStatus } from '../../risk/index.js';
import type { RiskView } from '../control/riskControl.js';
import type { AssembledService } from './assembleService.js';
import { FoldedCatalog } from './FoldedCatalog.js';

/**
 * What the api service of a deployment answers from, folded in its own process from the events it consumes:
 * orders and positions (the graph's `views`: the order registry and the portfolio, as the risk service folds
 * them), the risk trading state and counters (RiskStateFold, into the state the graph's idle risk engine was
 * recovered with), the broker session (the idle execution engine's session fold) and the strategy catalog.
 */
export class ApiViews {
  readonly catalog = new FoldedCatalog();
  readonly risk: RiskView;
  private readonly riskFold: RiskStateFold;

  constructor(readonly service: AssembledService, logged: readonly AnyEvent[]) {
    const { graph, bus } = service;
    // Recovery already folded the log's counters into this state and status into the engine: only what follows is folded here.
    this.riskFold = new RiskStateFold(graph.risk.state);
    const fold = this.riskFold;
    this.risk = {
      get tradingStatus(): TradingStatus {
        return fold.tradingStatus ?? graph.risk.tradingStatus;
      },
      get metrics() {
        return graph.risk.metrics;
      },
      get state() {
        return graph.risk.state;
      },
      get config() {
        return graph.risk.config;
      },
    };
    for (const event of logged) {
      this.catalog.apply(event);
      // Already in the views: a consumer group new to the streams re-reads them, and must skip what recovery applied.
      bus.firstSight(event.idempotencyKey);
    }
    bus.subscribeEvents((event) => {
      this.riskFold.apply(event);
      this.catalog.apply(event);
      graph.execution.applySessionEvent(event);
    });
  }
}
