export { Portfolio } from './Portfolio.js';
export type { PortfolioAccountConfig, PortfolioOptions } from './Portfolio.js';
export type { Exposure } from './AccountLedger.js';
export { foldFill, notionalOfUnits } from './foldFill.js';
export type { BookFold, FoldOutcome, NotionalSpec } from './foldFill.js';
export { parsePortfolioState } from './portfolioState.js';
export type { AccountState, PortfolioState } from './portfolioState.js';
