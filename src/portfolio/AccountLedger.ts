import { ACCOUNT_BOOK } from '../core/index.js';
import type { AccountSnapshot } from '../core/index.js';
import { Book } from './Book.js';
import type { NotionalSpec } from './foldFill.js';
import type { AccountState } from './portfolioState.js';

/** Market value of an account's net books; `shortMinor` is a magnitude (≥ 0), `netMinor` = long − short. */
export interface Exposure {
  readonly grossMinor: number;
  readonly netMinor: number;
  readonly longMinor: number;
  readonly shortMinor: number;
}

/**
 * One account: its cash and running totals, its strategy books and its net book per instrument.
 * The net book is its own fold over all the account's fills, so `realizedMinor` here is the net books'
 * realized P&L (it can differ from the sum of the strategy books' when strategies offset each other).
 */
export class AccountLedger {
  cashMinor: number;
  realizedMinor = 0;
  commissionMinor = 0;
  /** Every book in creation order (strategy and net): the order of `positions()` and of snapshots. */
  readonly books: Book[] = [];
  /** Net books only, iterated by index on the per-bar equity path. */
  readonly netBooks: Book[] = [];
  private readonly netByInstrument = new Map<string, Book>();
  private readonly strategyBooks = new Map<string, Map<string, Book>>();
  private cached: AccountSnapshot | undefined;

  constructor(
    readonly accountId: string,
    readonly currency: string,
    readonly startingCashMinor: number,
  ) {
    this.cashMinor = startingCashMinor;
  }

  /** The strategy's book (`strategyId` given) or the net book (`*` or undefined). */
  find(instrumentId: string, strategyId?: string): Book | undefined {
    if (strategyId === undefined || strategyId === ACCOUNT_BOOK) return this.netByInstrument.get(instrumentId);
    return this.strategyBooks.get(instrumentId)?.get(strategyId);
  }

  /** The book, created flat on first use. */
  open(instrumentId: string, strategyId: string, spec: NotionalSpec): Book {
    const existing = this.find(instrumentId, strategyId);
    if (existing !== undefined) return existing;
    const book = new Book(this.accountId, strategyId, instrumentId, this.currency, spec);
    this.books.push(book);
    if (strategyId === ACCOUNT_BOOK) {
      this.netBooks.push(book);
      this.netByInstrument.set(instrumentId, book);
    } else {
      let byStrategy = this.strategyBooks.get(instrumentId);
      if (byStrategy === undefined) {
        byStrategy = new Map();
        this.strategyBooks.set(instrumentId, byStrategy);
      }
      byStrategy.set(strategyId, book);
    }
    return book;
  }

  /** Book the cash side of a fill on the net book: notional cash flow, commission, realized change. */
  post(cashFlowMinor: number, commissionMinor: number, realizedDeltaMinor: number): void {
    this.cashMinor += cashFlowMinor - commissionMinor;
    this.commissionMinor += commissionMinor;
    this.realizedMinor += realizedDeltaMinor;
    this.cached = undefined;
  }

  load(cashMinor: number, realizedMinor: number, commissionMinor: number): void {
    this.cashMinor = cashMinor;
    this.realizedMinor = realizedMinor;
    this.commissionMinor = commissionMinor;
    this.cached = undefined;
  }

  /** Cash plus the net books marked at `lastPrices`: O(net books), no allocation. */
  equityMinor(lastPrices: ReadonlyMap<string, number>): number {
    let equity = this.cashMinor;
    const books = this.netBooks;
    for (let i = 0; i < books.length; i++) {
      const book = books[i]!;
      if (book.quantityUnits !== 0) equity += book.marketValueMinor(lastPrices.get(book.instrumentId));
    }
    return equity;
  }

  exposure(lastPrices: ReadonlyMap<string, number>): Exposure {
    let longMinor = 0;
    let shortMinor = 0;
    for (const book of this.netBooks) {
      const value = book.marketValueMinor(lastPrices.get(book.instrumentId));
      if (value > 0) longMinor += value;
      else shortMinor -= value;
    }
    return { grossMinor: longMinor + shortMinor, netMinor: longMinor - shortMinor, longMinor, shortMinor };
  }

  state(): AccountState {
    const { accountId, currency, startingCashMinor, cashMinor, realizedMinor, commissionMinor } = this;
    return { accountId, currency, startingCashMinor, cashMinor, realizedMinor, commissionMinor };
  }

  snapshot(): AccountSnapshot {
    this.cached ??= Object.freeze({
      accountId: this.accountId,
      currency: this.currency,
      cashMinor: this.cashMinor,
      realizedMinor: this.realizedMinor,
      commissionMinor: this.commissionMinor,
    });
    return this.cached;
  }
}
