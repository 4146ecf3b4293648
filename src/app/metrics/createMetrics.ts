import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { MessageBus } from '../../bus/index.js';
import type { AnyEvent, Clock, MarketDataSink, OrderView } from '../../core/index.js';
import { TRADING_STATE_SEVERITY, type TradingState } from '../../risk/index.js';
import { LagGauge } from './LagGauge.js';
import { MarketDataTap } from './MarketDataTap.js';
import { OrderStateGauge } from './OrderStateGauge.js';
import { registerPortfolioGauges, type MetricsPortfolio } from './PortfolioGauges.js';
import { TickToOrderLatency } from './TickToOrderLatency.js';

export interface NodeMetricsOptions {
  readonly bus: MessageBus;
  /** Event time (the node's clock): lag is measured against it. */
  readonly clock: Clock;
  readonly orders: OrderView;
  readonly portfolio: MetricsPortfolio;
  readonly accountIds: readonly string[];
  /** The trading state at start (after replay); TradingStateChanged events move it. Default ACTIVE. */
  readonly tradingState?: TradingState;
  /** Default a fresh registry. */
  readonly registry?: Registry;
  /** prom-client's default process and Node.js metrics (CPU, memory, event-loop lag, GC). Default true. */
  readonly processMetrics?: boolean;
  /** A monotonic millisecond clock for latency. Default `performance.now`. */
  readonly latencyNowMs?: () => number;
}

export interface NodeMetrics {
  readonly registry: Registry;
  /** Wrap the feed's sink (`feed.start(metrics.tap(sink))`): market data arrival starts the tick-to-order clock. */
  tap(sink: MarketDataSink): MarketDataSink;
  /** Feed an event of the log replayed at start (closed-order counts survive a restart). */
  replay(event: AnyEvent): void;
  /** Unsubscribe from the bus. */
  stop(): void;
}

/** The gauge's value of each trading state: its severity (0 ACTIVE, 1 REDUCING, 2 HALTED). */
export const TRADING_STATE_VALUE: Readonly<Record<TradingState, number>> = TRADING_STATE_SEVERITY;

/**
 * The node's Prometheus metrics, fed from the bus: event lag, tick-to-order latency, orders by state, risk
 * rejections by rule, fills by instrument, P&L, equity and the trading state. Per event the work is O(1)
 * and allocation-free (a clock read, two number writes, one switch); views (orders, portfolio) are read
 * only when scraped.
 */
export function createMetrics(options: NodeMetricsOptions): NodeMetrics {
  const { bus, clock } = options;
  const registry = options.registry ?? new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const latencyNowMs = options.latencyNowMs ?? (() => performance.now());

  const eventLag = new LagGauge('fortress_event_lag_seconds', 'Event time to the moment the metrics saw the event on the bus (last, and max since the previous scrape)', registry);
  const dataLag = new LagGauge('fortress_market_data_lag_seconds', 'Bar close or tick time to its arrival at the node (last, and max since the previous scrape)', registry);
  const tickToOrder = new TickToOrderLatency(registry);
  const orderStates = new OrderStateGauge(options.orders, registry);
  registerPortfolioGauges(options.portfolio, options.accountIds, registry);
  const rejections = new Counter({ name: 'fortress_risk_rejections_total', help: 'Trades (and baskets) the risk engine rejected, by rule', labelNames: ['rule'] as const, registers: [registry] });
  const fills = new Counter({ name: 'fortress_fills_total', help: 'Fills, by instrument', labelNames: ['instrument'] as const, registers: [registry] });
  const tradingState = new Gauge({ name: 'fortress_trading_state', help: 'Trading state: 0 ACTIVE, 1 REDUCING, 2 HALTED', registers: [registry] });
  tradingState.set(TRADING_STATE_VALUE[options.tradingState ?? 'ACTIVE']);

  const onEvent = (event: AnyEvent): void => {
    eventLag.observe(clock.nowMs() - event.ts);
    switch (event.type) {
      case 'SignalGenerated':
        tickToOrder.signal(event.correlationId, event.payload.signal.instrumentId);
        break;
      case 'OrderSubmitted':
        tickToOrder.submitted(event.correlationId, latencyNowMs());
        break;
      case 'SignalIgnored':
      case 'RiskRejected':
        tickToOrder.forget(event.correlationId);
        if (event.type === 'RiskRejected') rejections.inc({ rule: event.payload.rule });
        break;
      case 'BasketRejected':
        rejections.inc({ rule: event.payload.rule });
        break;
      case 'OrderFilled':
        fills.inc({ instrument: event.payload.instrumentId });
        orderStates.apply(event);
        break;
      case 'OrderDenied':
        tickToOrder.forget(event.correlationId);
        orderStates.apply(event);
        break;
      case 'OrderCanceled':
      case 'OrderRejected':
      case 'OrderExpired':
        orderStates.apply(event);
        break;
      case 'TradingStateChanged':
        tradingState.set(TRADING_STATE_VALUE[event.payload.to]);
        break;
      default:
        break;
    }
  };
  const unsubscribe = bus.subscribeEvents(onEvent);

  return {
    registry,
    tap: (sink) => new MarketDataTap(sink, tickToOrder, dataLag, clock, latencyNowMs),
    replay: (event) => orderStates.apply(event),
    stop: unsubscribe,
  };
}
