import type { PortfolioControl, PortfolioSummary, PositionInfo } from '../../api/index.js';
import { TOPICS, type MessageBus } from '../../bus/index.js';
import { ACCOUNT_BOOK, minorDigitsOf, type Clock, type PositionSnapshot } from '../../core/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import { dayStartEquityAt, type AccountMetricsView } from '../../risk/index.js';
import { EquityCurve } from './EquityCurve.js';

export interface PortfolioControlDeps {
  readonly portfolio: Portfolio;
  readonly accountId: string;
  readonly currency: string;
  readonly clock: Clock;
  /** Bars, ticks and AccountUpdated drive the equity samples. */
  readonly bus: MessageBus;
  readonly startingCashMinor: number;
  /** The risk engine's equity references: today's P&L falls back to its day start (restored at a restart). */
  readonly equityReferences: AccountMetricsView;
}

/** PortfolioControl plus `stop` (stop sampling). */
export interface RunningPortfolioControl extends PortfolioControl {
  stop(): void;
}

/**
 * The API's view of the portfolio, answered from its in-memory fold (never the log): account, positions marked
 * at the last price, the summary and the equity curve. Unrealized P&L and market values come from the
 * portfolio's exact integer marks (Book.marketValueMinor through `unrealizedMinor`). The equity curve samples
 * the portfolio on bars, ticks and fills at most once per interval (see EquityCurve): the per-bar cost is one
 * clock read and one comparison.
 */
export function createPortfolioControl(deps: PortfolioControlDeps): RunningPortfolioControl {
  const { portfolio, accountId, currency, clock, bus, startingCashMinor, equityReferences } = deps;
  const minorDigits = minorDigitsOf(currency);
  // The first sample comes with the first bar, tick or fill (a replay's clock reads 0 until its tape starts).
  const curve = new EquityCurve();
  // One handler for all three topics, made once (no closure per message).
  const observe = (): void => {
    const nowMs = clock.nowMs();
    if (curve.due(nowMs)) curve.sample(nowMs, portfolio.equityMinor(accountId));
  };
  const unsubscribe = [bus.subscribe(TOPICS.bar, observe), bus.subscribe(TOPICS.tick, observe), bus.subscribe('AccountUpdated', observe)];

  const account = () => {
    const snapshot = portfolio.account(accountId) ?? { accountId, currency, cashMinor: startingCashMinor, realizedMinor: 0, commissionMinor: 0 };
    return { ...snapshot, equityMinor: portfolio.equityMinor(accountId), minorDigits };
  };

  const marked = (book: PositionSnapshot): PositionInfo => {
    const lastPrice = portfolio.lastPrice(book.instrumentId);
    const strategyId = book.strategyId === ACCOUNT_BOOK ? undefined : book.strategyId;
    if (lastPrice === undefined && book.quantity !== 0) return { ...book }; // not priced yet: value and P&L unknown, not 0
    const unrealizedMinor = portfolio.unrealizedMinor(accountId, book.instrumentId, strategyId);
    return {
      ...book,
      ...(lastPrice !== undefined ? { lastPrice } : {}),
      marketValueMinor: book.quantity === 0 ? 0 : book.costMinor + unrealizedMinor,
      unrealizedMinor,
    };
  };

  return {
    account,
    positions(books = false): PositionInfo[] {
      const out: PositionInfo[] = [];
      for (const book of portfolio.positions(accountId)) {
        if (books || book.strategyId === ACCOUNT_BOOK) out.push(marked(book));
      }
      return out;
    },
    summary(): PortfolioSummary {
      const nowMs = clock.nowMs();
      const { cashMinor, realizedMinor, equityMinor } = account();
      const exposure = portfolio.exposure(accountId);
      let openPositions = 0;
      for (const book of portfolio.positions(accountId)) if (book.strategyId === ACCOUNT_BOOK && book.quantity !== 0) openPositions += 1;
      return {
        accountId,
        currency,
        cashMinor,
        equityMinor,
        startingCashMinor,
        // The curve's day start (sampled each second) when it ran through the day's start; otherwise (the node
        // started or restarted today) the risk engine's, which a restart restores from the snapshot: never a reset.
        pnlTodayMinor: equityMinor - (curve.dayStartEquityMinor(nowMs) ?? dayStartEquityAt(equityReferences.get(accountId), nowMs, equityMinor)),
        pnlTotalMinor: equityMinor - startingCashMinor,
        realizedMinor,
        unrealizedMinor: portfolio.unrealizedMinor(accountId),
        grossExposureMinor: exposure.grossMinor,
        netExposureMinor: exposure.netMinor,
        openPositions,
        minorDigits,
        asOf: new Date(nowMs).toISOString(),
      };
    },
    equityCurve: () => curve.series(clock.nowMs(), portfolio.equityMinor(accountId)),
    stop(): void {
      for (const u of unsubscribe) u();
    },
  };
}
