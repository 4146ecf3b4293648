/** Prometheus metrics of the running node, fed from the bus and read from its views; served by the API's /metrics. */
export { createMetrics, TRADING_STATE_VALUE } from './createMetrics.js';
export type { NodeMetrics, NodeMetricsOptions } from './createMetrics.js';
export type { MetricsPortfolio } from './PortfolioGauges.js';
export { TICK_TO_ORDER_BUCKETS_S } from './TickToOrderLatency.js';
