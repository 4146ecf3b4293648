import { ACCOUNT_BOOK, FortressError, InvariantError, RecentIds, createEventFactory } from '../core/index.js';
import type {
  AccountSnapshot,
  AnyEvent,
  Bar,
  Clock,
  EventEnvelope,
  EventFactory,
  IdSource,
  InstrumentProvider,
  Logger,
  MarkedPositions,
  PortfolioView,
  PositionSnapshot,
  Tick,
} from '../core/index.js';
import { TOPICS } from '../bus/index.js';
import type { MessageBus, Unsubscribe } from '../bus/index.js';
import { AccountLedger } from './AccountLedger.js';
import type { Book } from './Book.js';
import type { Exposure } from './AccountLedger.js';
import { foldFill } from './foldFill.js';
import type { BookFold } from './foldFill.js';
import { prepareFill } from './prepareFill.js';
import type { PreparedFill } from './prepareFill.js';
import type { PortfolioState } from './portfolioState.js';
import { parsePortfolioState } from './portfolioState.js';
import { restoreLedgers } from './restoreLedgers.js';

export interface PortfolioAccountConfig {
  readonly accountId: string;
  readonly currency: string;
  readonly startingCashMinor: number;
}

export interface PortfolioOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly instruments: InstrumentProvider;
  readonly accounts: readonly PortfolioAccountConfig[];
}

const SOURCE = 'portfolio';
const FLAT: BookFold = { quantityUnits: 0, costMinor: 0, realizedMinor: 0, openedTs: 0 };

/** How many applied fill ids a portfolio keeps for dropping redelivered fills (RecentIds). */
export const APPLIED_FILL_IDS_KEPT = 250_000;

/** A net book and the ledger whose marked totals it is part of. */
interface NetMark {
  readonly ledger: AccountLedger;
  readonly book: Book;
}

/**
 * Positions, exact P&L and cash: a fold over `OrderFilled` (see foldFill.ts for the money rule).
 * Each fill is folded twice: into the strategy's book and into the account's net book for the instrument.
 * The net book is its own fold, so when strategies offset each other (one long, one short) the account's
 * realized P&L differs from the sum of the strategy books' — the account never held the offsetting
 * quantity, so it never realized anything on it. Cash follows the net book (what the broker sees).
 */
export class Portfolio implements PortfolioView {
  private ledgers = new Map<string, AccountLedger>();
  /** Fills already applied: the newest 250,000 (about 20 MB at most), so months of trading stay bounded. */
  private appliedFillIds = new RecentIds(APPLIED_FILL_IDS_KEPT);
  private readonly lastPrices = new Map<string, number>();
  /** Every net book by instrument (across accounts) with its ledger: re-marked on each price of the instrument. */
  private netMarks = new Map<string, NetMark[]>();
  private readonly events: EventFactory;
  private readonly logger: Logger;
  private subscriptions: Unsubscribe[] = [];

  constructor(private readonly options: PortfolioOptions) {
    this.events = createEventFactory(SOURCE, options.clock, options.ids);
    this.logger = options.logger.child({ component: SOURCE });
    this.ledgers = restoreLedgers(undefined, options.accounts, options.instruments);
  }

  /** Follow fills (and prices, for marks) on the bus; emits PositionChanged ×2 and AccountUpdated per fill. */
  start(): void {
    if (this.subscriptions.length > 0) return;
    const { bus } = this.options;
    this.subscriptions = [bus.subscribe('OrderFilled', this.onFill), bus.subscribe(TOPICS.bar, this.onBar), bus.subscribe(TOPICS.tick, this.onTick)];
  }

  stop(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
  }

  /**
   * The pure fold, live and in replay: folds an `OrderFilled`, ignores every other event and any fill whose
   * `fillId` was already folded. Returns whether the state changed. A fill the portfolio cannot book
   * (unknown instrument, another currency) changes nothing and is logged, so a log holding one replays
   * like the live run did; impossible numbers (NaN price, zero quantity) throw an InvariantError.
   */
  apply(event: AnyEvent): boolean {
    if (event.type !== 'OrderFilled') return false;
    const outcome = this.fold(event);
    if (outcome instanceof FortressError) {
      this.logger.warn({ fillId: event.payload.fillId, code: outcome.code }, outcome.message);
      return false;
    }
    return outcome;
  }

  /** `true` when folded, `false` for a fill already folded, the error when the fill cannot be booked. */
  private fold(event: EventEnvelope<'OrderFilled'>): boolean | FortressError {
    const fill = event.payload;
    if (this.appliedFillIds.has(fill.fillId)) return false;
    const instrument = this.options.instruments.get(fill.instrumentId);
    const ledger = this.ledgers.get(fill.accountId);
    let prepared: PreparedFill;
    try {
      prepared = prepareFill(fill, instrument, ledger?.currency);
    } catch (error) {
      if (error instanceof FortressError && !(error instanceof InvariantError)) return error;
      throw error;
    }
    const { sign, quantityUnits, spec, fillSpec } = prepared;
    // Fold both books before touching either, so a throw leaves nothing half-applied.
    const strategyBefore = ledger?.find(fill.instrumentId, fill.strategyId) ?? FLAT;
    const netExisting = ledger?.find(fill.instrumentId);
    const netBefore = netExisting ?? FLAT;
    const strategyAfter = foldFill(strategyBefore, sign, quantityUnits, fill.price, fill.fillTs, fillSpec);
    const netAfter = foldFill(netBefore, sign, quantityUnits, fill.price, fill.fillTs, fillSpec);

    const realizedDeltaMinor = netAfter.realizedMinor - netBefore.realizedMinor;
    const account = ledger ?? this.openUnknownAccount(fill.accountId, fill.currency);
    account.open(fill.instrumentId, fill.strategyId, spec).commit(strategyAfter, fill.commissionMinor);
    account.open(fill.instrumentId, ACCOUNT_BOOK, spec).commit(netAfter, fill.commissionMinor);
    account.post(netAfter.cashFlowMinor, fill.commissionMinor, realizedDeltaMinor);
    this.appliedFillIds.add(fill.fillId);
    const netBook = account.find(fill.instrumentId)!;
    if (netExisting === undefined) this.trackNetBook(account, netBook);
    account.remark(netBook, this.lastPrices.get(fill.instrumentId));
    return true;
  }

  position(accountId: string, instrumentId: string, strategyId?: string): PositionSnapshot | undefined {
    return this.ledgers.get(accountId)?.find(instrumentId, strategyId)?.snapshot();
  }

  /** Every book the account has traded (strategy books and net books, flat ones included), in creation order. */
  positions(accountId: string): readonly PositionSnapshot[] {
    return this.ledgers.get(accountId)?.positions() ?? [];
  }

  account(accountId: string): AccountSnapshot | undefined {
    return this.ledgers.get(accountId)?.snapshot();
  }

  /** Cash + net books marked at the last price (cost basis before the first price); 0 for an unknown account. */
  equityMinor(accountId: string): number {
    return this.ledgers.get(accountId)?.equityMinor(this.lastPrices) ?? 0;
  }

  /** The account's net positions marked at the last prices, kept current on every price and fill (O(1)). */
  markedPositions(accountId: string): MarkedPositions | undefined {
    return this.ledgers.get(accountId)?.markedPositions();
  }

  lastPrice(instrumentId: string): number | undefined {
    return this.lastPrices.get(instrumentId);
  }

  /** Set a mark by hand (e.g. a settlement price, or after a restore before the first bar). */
  markPrice(instrumentId: string, price: number): void {
    this.mark(instrumentId, price);
  }

  /**
   * Market value minus cost of the open quantity: one book (instrument and strategy given; no strategy means
   * the net book), or summed over the account's net books (no instrument) or over one strategy's books.
   */
  unrealizedMinor(accountId: string, instrumentId?: string, strategyId?: string): number {
    const ledger = this.ledgers.get(accountId);
    if (ledger === undefined) return 0;
    const wanted = strategyId ?? ACCOUNT_BOOK;
    let total = 0;
    for (const book of ledger.books) {
      if (book.strategyId !== wanted || (instrumentId !== undefined && book.instrumentId !== instrumentId)) continue;
      if (book.quantityUnits !== 0) total += book.marketValueMinor(this.lastPrices.get(book.instrumentId)) - book.costMinor;
    }
    return total;
  }

  /** Market value of the account's net books. */
  exposure(accountId: string): Exposure {
    return this.ledgers.get(accountId)?.exposure(this.lastPrices) ?? { grossMinor: 0, netMinor: 0, longMinor: 0, shortMinor: 0 };
  }

  snapshot(): PortfolioState {
    const accounts = [...this.ledgers.values()];
    return {
      version: 1,
      accounts: accounts.map((a) => a.state()),
      books: accounts.flatMap((a) => a.books.map((book) => book.snapshot())),
      appliedFillIds: [...this.appliedFillIds],
    };
  }

  /** Replace the fold state with a snapshot (validated); configured accounts it lacks start fresh. */
  restore(state: unknown): void {
    const parsed = parsePortfolioState(state);
    this.ledgers = restoreLedgers(parsed, this.options.accounts, this.options.instruments);
    this.appliedFillIds = new RecentIds(APPLIED_FILL_IDS_KEPT, parsed.appliedFillIds);
    this.netMarks = new Map();
    for (const ledger of this.ledgers.values()) {
      for (const book of ledger.netBooks) {
        this.trackNetBook(ledger, book);
        ledger.remark(book, this.lastPrices.get(book.instrumentId));
      }
    }
  }

  private openUnknownAccount(accountId: string, currency: string): AccountLedger {
    this.logger.warn({ accountId, currency }, 'fill for an unconfigured account: opening it with zero starting cash');
    const ledger = new AccountLedger(accountId, currency, 0);
    this.ledgers.set(accountId, ledger);
    return ledger;
  }

  /** A new last price: every net book of the instrument is re-marked (one Map lookup when there is none). */
  private mark(instrumentId: string, price: number): void {
    this.lastPrices.set(instrumentId, price);
    const marks = this.netMarks.get(instrumentId);
    if (marks === undefined) return;
    for (let i = 0; i < marks.length; i++) marks[i]!.ledger.remark(marks[i]!.book, price);
  }

  private trackNetBook(ledger: AccountLedger, book: Book): void {
    const marks = this.netMarks.get(book.instrumentId);
    if (marks === undefined) this.netMarks.set(book.instrumentId, [{ ledger, book }]);
    else marks.push({ ledger, book });
  }

  private readonly onBar = (bar: Bar): void => {
    this.mark(bar.instrumentId, bar.close);
  };

  private readonly onTick = (tick: Tick): void => {
    this.mark(tick.instrumentId, tick.price);
  };

  private readonly onFill = (event: EventEnvelope<'OrderFilled'>): void => {
    const outcome = this.fold(event);
    if (outcome instanceof FortressError) return this.refuse(event, outcome);
    if (!outcome) return;
    const fill = event.payload;
    const ledger = this.ledgers.get(fill.accountId)!;
    const { correlationId, id: causationId } = event;
    const { bus } = this.options;
    const strategyBook = ledger.find(fill.instrumentId, fill.strategyId)!;
    const netBook = ledger.find(fill.instrumentId)!;
    // Context objects written out in full: spreading a shared base costs several µs per fill here.
    const strategyKey = `pos:${fill.fillId}:${fill.strategyId}`;
    const netKey = `pos:${fill.fillId}:${ACCOUNT_BOOK}`;
    const accountKey = `acct:${fill.fillId}`;
    bus.emit(this.events.create('PositionChanged', { position: strategyBook.snapshot() }, { key: fill.instrumentId, correlationId, causationId, idempotencyKey: strategyKey }));
    bus.emit(this.events.create('PositionChanged', { position: netBook.snapshot() }, { key: fill.instrumentId, correlationId, causationId, idempotencyKey: netKey }));
    bus.emit(this.events.create('AccountUpdated', { account: ledger.snapshot() }, { key: fill.accountId, correlationId, causationId, idempotencyKey: accountKey }));
  };

  /** A fill the portfolio cannot book (unknown instrument, other currency) is reported, never half-applied. */
  private refuse(event: EventEnvelope<'OrderFilled'>, error: FortressError): void {
    const fill = event.payload;
    this.logger.error({ fillId: fill.fillId, code: error.code, ...error.details }, error.message);
    const payload = { component: SOURCE, code: error.code, message: error.message, details: { fillId: fill.fillId, ...error.details } };
    this.options.bus.emit(this.events.create('ErrorRaised', payload, { key: fill.instrumentId, correlationId: event.correlationId, causationId: event.id, idempotencyKey: `err:${fill.fillId}` }));
  }
}
