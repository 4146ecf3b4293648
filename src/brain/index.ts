export { DecisionEngine } from './DecisionEngine.js';
export type { DecisionConfig, DecisionEngineDeps } from './DecisionEngine.js';
export { SIZING_MODES, entryQuantity, roundDownToLot } from './sizing.js';
export type { SizingConfig, SizingMode } from './sizing.js';
