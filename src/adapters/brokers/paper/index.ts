export { CommissionModel } from './CommissionModel.js';
export type { CommissionState } from './CommissionModel.js';
export { barFillPrice, slippedPrice, tickFillPrice } from './fillPrice.js';
export { isOnGrid, orderRequestProblem } from './orderRequestProblem.js';
export { PaperBroker } from './PaperBroker.js';
export type { PaperBrokerOptions } from './PaperBroker.js';
export { FILL_MODELS, commissionConfigSchema, paperBrokerConfigSchema, parsePaperBrokerConfig } from './PaperBrokerConfig.js';
export type { CommissionConfig, FillModel, PaperBrokerConfig, ResolvedPaperBrokerConfig } from './PaperBrokerConfig.js';
export type { WorkingOrder } from './WorkingOrder.js';
