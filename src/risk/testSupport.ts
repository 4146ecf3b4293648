/**
 * Real in-memory implementations of the ports the risk engine reads, for its specs (not exported from
 * index.ts). They behave like the real thing within their small scope: no recorded calls, no canned answers.
 */
import {
  ACCOUNT_BOOK,
  createInstrument,
  FortressError,
  isOpenStatus,
  type AccountSnapshot,
  type Instrument,
  type InstrumentProvider,
  type Order,
  type OrderFilter,
  type OrderView,
  type PortfolioView,
  type PositionSnapshot,
  type SessionCalendar,
  type Timeframe,
  type TradeIntent,
} from '../core/index.js';

export const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01, lotSize: 1 });
export const NIFTY_FUT = createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25, multiplier: 1 });
/** Tuesday 2024-03-05 15:00 UTC: NASDAQ is open in FakeSessionCalendar. */
export const TUESDAY_OPEN_MS = Date.UTC(2024, 2, 5, 15, 0);

export class FakeInstrumentProvider implements InstrumentProvider {
  private readonly byId = new Map<string, Instrument>();
  constructor(instruments: readonly Instrument[] = [ORCL, NIFTY_FUT]) {
    for (const instrument of instruments) this.byId.set(instrument.id, instrument);
  }
  get(instrumentId: string): Instrument | undefined {
    return this.byId.get(instrumentId);
  }
  all(): readonly Instrument[] {
    return [...this.byId.values()];
  }
}

/** Weekday sessions in fixed UTC minutes per exchange; daily timeframes only ask whether it is a weekday. */
export class FakeSessionCalendar implements SessionCalendar {
  constructor(private readonly sessions: Readonly<Record<string, { readonly openMinute: number; readonly closeMinute: number }>> = {
    NASDAQ: { openMinute: 14 * 60 + 30, closeMinute: 21 * 60 },
    NFO: { openMinute: 3 * 60 + 45, closeMinute: 10 * 60 },
  }) {}
  isOpen(exchange: string, tsMs: number, timeframe?: Timeframe): boolean {
    const session = this.sessions[exchange];
    const date = new Date(tsMs);
    const weekday = date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
    if (session === undefined || !weekday) return false;
    if (timeframe === '1d') return true;
    const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
    return minute >= session.openMinute && minute < session.closeMinute;
  }
}

/** Strategy books set by hand; the account net book `*` is their sum, as the real portfolio keeps it. */
export class FakePortfolioView implements PortfolioView {
  private readonly books = new Map<string, PositionSnapshot>();
  private readonly equity = new Map<string, number>();
  private readonly accounts = new Map<string, AccountSnapshot>();
  private readonly prices = new Map<string, number>();

  setEquity(accountId: string, equityMinor: number, currency = 'USD'): this {
    this.equity.set(accountId, equityMinor);
    this.accounts.set(accountId, { accountId, currency, cashMinor: equityMinor, realizedMinor: 0, commissionMinor: 0 });
    return this;
  }
  setLastPrice(instrumentId: string, price: number): this {
    this.prices.set(instrumentId, price);
    return this;
  }
  setPosition(accountId: string, strategyId: string, instrumentId: string, quantity: number, avgPrice = 100): this {
    const book: PositionSnapshot = {
      accountId, strategyId, instrumentId, currency: 'USD', quantity, avgPrice, costMinor: Math.round(quantity * avgPrice * 100),
      realizedMinor: 0, commissionMinor: 0, openedTs: quantity === 0 ? 0 : 1,
    };
    this.books.set(`${accountId}|${strategyId}|${instrumentId}`, book);
    return this;
  }
  position(accountId: string, instrumentId: string, strategyId?: string): PositionSnapshot | undefined {
    if (strategyId !== undefined) return this.books.get(`${accountId}|${strategyId}|${instrumentId}`);
    return this.netBooks(accountId).find((book) => book.instrumentId === instrumentId);
  }
  positions(accountId: string): readonly PositionSnapshot[] {
    const own = [...this.books.values()].filter((book) => book.accountId === accountId);
    return [...own, ...this.netBooks(accountId)];
  }
  account(accountId: string): AccountSnapshot | undefined {
    return this.accounts.get(accountId);
  }
  equityMinor(accountId: string): number {
    const equityMinor = this.equity.get(accountId);
    if (equityMinor === undefined) throw new FortressError('UNKNOWN_ACCOUNT', `no account ${accountId} in the portfolio`);
    return equityMinor;
  }
  lastPrice(instrumentId: string): number | undefined {
    return this.prices.get(instrumentId);
  }
  private netBooks(accountId: string): PositionSnapshot[] {
    const net = new Map<string, PositionSnapshot>();
    for (const book of this.books.values()) {
      if (book.accountId !== accountId) continue;
      const sum = net.get(book.instrumentId);
      net.set(book.instrumentId, { ...book, strategyId: ACCOUNT_BOOK, quantity: (sum?.quantity ?? 0) + book.quantity });
    }
    return [...net.values()];
  }
}

export class FakeOrderView implements OrderView {
  private readonly orders = new Map<string, Order>();
  add(order: Partial<Order> & Pick<Order, 'clientOrderId' | 'strategyId' | 'side' | 'quantity'>): this {
    this.orders.set(order.clientOrderId, {
      intentId: `intent-${order.clientOrderId}`, accountId: 'acc-1', instrumentId: ORCL.id, type: 'MARKET', timeInForce: 'DAY',
      status: 'ACCEPTED', filledQuantity: 0, avgFillPrice: 0, correlationId: 'corr', reduceOnly: false, createdTs: 0, updatedTs: 0,
      ...order,
    });
    return this;
  }
  get(clientOrderId: string): Order | undefined {
    return this.orders.get(clientOrderId);
  }
  openOrders(filter: OrderFilter = {}): readonly Order[] {
    return [...this.orders.values()].filter(
      (o) =>
        isOpenStatus(o.status) &&
        (filter.accountId === undefined || o.accountId === filter.accountId) &&
        (filter.strategyId === undefined || o.strategyId === filter.strategyId) &&
        (filter.instrumentId === undefined || o.instrumentId === filter.instrumentId),
    );
  }
}

let intentCounter = 0;

/** A valid BUY of 10 ORCL for strategy `sma` of account `acc-1`, at an open NASDAQ time. */
export function makeIntent(overrides: Partial<TradeIntent> = {}): TradeIntent {
  intentCounter += 1;
  return {
    intentId: `intent-${intentCounter}`, signalId: `signal-${intentCounter}`, accountId: 'acc-1', strategyId: 'sma',
    instrumentId: ORCL.id, action: 'BUY', side: 'BUY', quantity: 10, orderType: 'MARKET', timeInForce: 'DAY',
    reduceOnly: false, confidence: 0.8, timeframe: '1m', ts: TUESDAY_OPEN_MS, correlationId: `corr-${intentCounter}`,
    reason: 'test intent', ...overrides,
  };
}
