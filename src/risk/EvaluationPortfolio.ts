import type { AccountSnapshot, MarkedPositions, PortfolioView, PositionSnapshot } from '../core/index.js';

/**
 * The PortfolioView the rules of one evaluation read: account-wide answers (every book, equity, the account)
 * are asked of the portfolio once per evaluation instead of once per rule, which matters because a real
 * portfolio builds fresh snapshots on every call. `invalidate()` starts the next evaluation.
 */
export class EvaluationPortfolio implements PortfolioView {
  private positionsOf: string | undefined;
  private positionsCache: readonly PositionSnapshot[] = [];
  private equityOf: string | undefined;
  private equityCache = 0;
  private accountOf: string | undefined;
  private accountCache: AccountSnapshot | undefined;

  constructor(private readonly portfolio: PortfolioView) {}

  invalidate(): void {
    this.positionsOf = undefined;
    this.equityOf = undefined;
    this.accountOf = undefined;
  }

  position(accountId: string, instrumentId: string, strategyId?: string): PositionSnapshot | undefined {
    return this.portfolio.position(accountId, instrumentId, strategyId);
  }

  positions(accountId: string): readonly PositionSnapshot[] {
    if (this.positionsOf !== accountId) {
      this.positionsCache = this.portfolio.positions(accountId);
      this.positionsOf = accountId;
    }
    return this.positionsCache;
  }

  account(accountId: string): AccountSnapshot | undefined {
    if (this.accountOf !== accountId) {
      this.accountCache = this.portfolio.account(accountId);
      this.accountOf = accountId;
    }
    return this.accountCache;
  }

  equityMinor(accountId: string): number {
    if (this.equityOf !== accountId) {
      this.equityCache = this.portfolio.equityMinor(accountId); // may throw: nothing is cached then
      this.equityOf = accountId;
    }
    return this.equityCache;
  }

  lastPrice(instrumentId: string): number | undefined {
    return this.portfolio.lastPrice(instrumentId);
  }

  /** Live already (the portfolio keeps it current), so passed through. */
  markedPositions(accountId: string): MarkedPositions | undefined {
    return this.portfolio.markedPositions?.(accountId);
  }
}
