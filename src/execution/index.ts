export { clientOrderIdOf } from './clientOrderId.js';
export { ORDER_EVENT_KIND, ORDER_EVENT_TYPES, evolveOrder, isOrderEvent } from './evolveOrder.js';
export type { EvolveResult, OrderEvent, OrderEventType, QuantityPrecisionOf } from './evolveOrder.js';
export { EXECUTION_SOURCE, ExecutionEngine } from './ExecutionEngine.js';
export type { ExecuteOutcome, ExecutionEngineOptions } from './ExecutionEngine.js';
export { OrderRegistry } from './OrderRegistry.js';
export type { ApplyResult, OrderRegistryOptions, OrderRegistrySnapshot } from './OrderRegistry.js';
