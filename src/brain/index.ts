export { DecisionEngine } from './DecisionEngine.js';
export type { DecisionConfig, DecisionEngineDeps } from './DecisionEngine.js';
export { SIZING_MODES, parseSizingConfig, roundDownToLot, sizeEntry, sizingConfigSchema } from './sizing.js';
export type { ResolvedSizingConfig, SizeResult, SizingConfig, SizingInput, SizingMode } from './sizing.js';
export { AtrTracker } from './AtrTracker.js';
export type { ClosePositionsRequest } from './closePositions.js';
