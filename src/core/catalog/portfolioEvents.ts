import type { AccountSnapshot, PositionSnapshot } from '../position.js';

/** What the portfolio folds fills into. */
export interface PortfolioEventPayloads {
  PositionChanged: { readonly position: PositionSnapshot };
  AccountUpdated: { readonly account: AccountSnapshot };
}

export const PORTFOLIO_EVENT_VERSIONS: Readonly<Record<keyof PortfolioEventPayloads, number>> = {
  PositionChanged: 1,
  AccountUpdated: 1,
};
