import { FortressError, type AnyEvent, type InstrumentProvider } from '../core/index.js';
import { TradeBook, type Fill } from './TradeBook.js';
import type { OpenTrade, RoundTripTrade } from './roundTrip.js';

/** Last prices to mark open trades to, by instrument id. */
export type MarkPrices = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/**
 * The round-trip trade journal: a fold over `OrderFilled` events that keeps one book per
 * (account, strategy, instrument). A trade opens when a book leaves flat and closes when it returns to
 * flat; partial exits keep it open, a flip closes it and opens the next. Fills are applied once: a
 * redelivered fill (same order and fill id) changes nothing. Other events are ignored.
 */
export class TradeJournal {
  private readonly books = new Map<string, TradeBook>();
  private readonly closed: RoundTripTrade[] = [];
  private readonly seenFills = new Set<string>();

  constructor(private readonly instruments: InstrumentProvider) {}

  /** Fold one event of the log; only `OrderFilled` matters. */
  apply(event: AnyEvent): void {
    if (event.type === 'OrderFilled') this.applyFill(event.payload);
  }

  applyFill(fill: Fill): void {
    const fillKey = `${fill.clientOrderId}\u0000${fill.fillId}`;
    if (this.seenFills.has(fillKey)) return;
    this.seenFills.add(fillKey);
    const closed = this.bookOf(fill).apply(fill);
    if (closed !== undefined) this.closed.push(closed);
  }

  /** Closed trades in the order they closed. */
  closedTrades(): readonly RoundTripTrade[] {
    return this.closed;
  }

  /** Trades still open, in the order their books first traded; marked when a price for the instrument is given. */
  openTrades(marks?: MarkPrices): OpenTrade[] {
    const open: OpenTrade[] = [];
    for (const book of this.books.values()) {
      const trade = book.openTrade(marks === undefined ? undefined : markOf(marks, book.instrument.id));
      if (trade !== undefined) open.push(trade);
    }
    return open;
  }

  private bookOf(fill: Fill): TradeBook {
    const key = `${fill.accountId}\u0000${fill.strategyId}\u0000${fill.instrumentId}`;
    let book = this.books.get(key);
    if (book === undefined) {
      const instrument = this.instruments.get(fill.instrumentId);
      if (instrument === undefined) {
        throw new FortressError('UNKNOWN_INSTRUMENT', `fill ${fill.fillId} is for ${fill.instrumentId}, which the instrument provider does not know`);
      }
      book = new TradeBook(fill.accountId, fill.strategyId, instrument);
      this.books.set(key, book);
    }
    return book;
  }
}

function markOf(marks: MarkPrices, instrumentId: string): number | undefined {
  if (marks instanceof Map) return (marks as ReadonlyMap<string, number>).get(instrumentId);
  return Object.hasOwn(marks, instrumentId) ? (marks as Readonly<Record<string, number>>)[instrumentId] : undefined;
}
