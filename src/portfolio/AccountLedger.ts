import { ACCOUNT_BOOK } from '../core/index.js';
import type { AccountSnapshot, MarkedPositions, PositionSnapshot } from '../core/index.js';
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
  /** Every book's snapshot in creation order, kept until a book is added or a fill is posted. */
  private positionsCache: readonly PositionSnapshot[] | undefined;
  /** Σ over net books of their value at the last price (their cost before a first price): equity is cash plus this. */
  private markedMinor = 0;
  /** Net books whose last price could not be valued (left out of `markedMinor`; equity is then recomputed). */
  private unvaluedBooks = 0;
  /** The net books with a last price above zero, marked (gross, net), and how many non-flat ones lack such a price. */
  private readonly marks: { grossMinor: number; netMinor: number; unpricedPositions: number } = { grossMinor: 0, netMinor: 0, unpricedPositions: 0 };

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
    this.positionsCache = undefined;
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
    this.positionsCache = undefined; // the fill's books were committed just before
  }

  load(cashMinor: number, realizedMinor: number, commissionMinor: number): void {
    this.cashMinor = cashMinor;
    this.realizedMinor = realizedMinor;
    this.commissionMinor = commissionMinor;
    this.cached = undefined;
    this.positionsCache = undefined;
  }

  /** Every book's snapshot (strategy and net, flat ones included) in creation order; one frozen array until something changes. */
  positions(): readonly PositionSnapshot[] {
    if (this.positionsCache === undefined) {
      const books = this.books;
      const snapshots = new Array<PositionSnapshot>(books.length);
      for (let i = 0; i < books.length; i++) snapshots[i] = books[i]!.snapshot();
      this.positionsCache = Object.freeze(snapshots);
    }
    return this.positionsCache;
  }

  /**
   * Cash plus the net books marked at their last prices (cost basis before a first price): O(1), kept by `remark`.
   * While a book cannot be valued at its price (NaN, out of the exact range) it is recomputed, and throws, as before.
   */
  equityMinor(lastPrices: ReadonlyMap<string, number>): number {
    return this.unvaluedBooks === 0 ? this.cashMinor + this.markedMinor : this.equityMinorAt(lastPrices);
  }

  /** The same recomputed from `lastPrices` over every net book (O(net books)): what `equityMinor` must equal. */
  equityMinorAt(lastPrices: ReadonlyMap<string, number>): number {
    let equity = this.cashMinor;
    const books = this.netBooks;
    for (let i = 0; i < books.length; i++) {
      const book = books[i]!;
      if (book.quantityUnits !== 0) equity += book.marketValueMinor(lastPrices.get(book.instrumentId));
    }
    return equity;
  }

  /** The net books marked at their last prices (a live view; see core MarkedPositions). */
  markedPositions(): MarkedPositions {
    return this.marks;
  }

  /**
   * Re-mark one net book at `price` (its instrument's last price, undefined before the first): take its old
   * contribution out of the totals and put the new one in. The portfolio calls it on every price of an
   * instrument with a net book and after every fill, so the totals are always those of the current prices.
   * Integer minor units throughout, so adding and removing is exact.
   */
  remark(book: Book, price: number | undefined): void {
    const marks = this.marks;
    const old = book.markedMinor;
    const state = book.markedState;
    if (state === 'flat' && book.quantityUnits === 0) return;
    this.markedMinor -= old;
    if (state === 'priced') {
      marks.grossMinor -= old < 0 ? -old : old;
      marks.netMinor -= old;
    } else if (state === 'unpriced') marks.unpricedPositions -= 1;
    else if (state === 'unvalued') {
      marks.unpricedPositions -= 1;
      this.unvaluedBooks -= 1;
    }
    book.markedMinor = 0;
    book.markedState = 'flat';
    if (book.quantityUnits === 0) return;
    let value: number;
    try {
      value = book.marketValueMinor(price);
    } catch {
      book.markedState = 'unvalued'; // equityMinor recomputes (and throws) while the price stays unusable
      marks.unpricedPositions += 1;
      this.unvaluedBooks += 1;
      return;
    }
    book.markedMinor = value;
    this.markedMinor += value;
    if (price !== undefined && price > 0) {
      book.markedState = 'priced';
      marks.grossMinor += value < 0 ? -value : value;
      marks.netMinor += value;
    } else {
      book.markedState = 'unpriced';
      marks.unpricedPositions += 1;
    }
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
