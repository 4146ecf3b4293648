import { ACCOUNT_BOOK, minorDigitsOf, toUnits } from '../core/index.js';
import type { EventEnvelope, InstrumentProvider, PortfolioView } from '../core/index.js';
import type { AccountLimit, AccountSample, Breach, CurrentExposure } from './AccountLimit.js';
import type { AccountMetrics, AccountMetricsSnapshot } from './AccountMetrics.js';
import { signedValue } from './PotentialExposure.js';
import type { RuleBook } from './RuleBook.js';

export type BreachHandler = (accountId: string, limit: AccountLimit, breach: Breach, cause: EventEnvelope | undefined) => void;

export interface LimitWatchDeps {
  readonly portfolio: PortfolioView;
  readonly instruments: InstrumentProvider;
  readonly metrics: AccountMetrics;
  readonly book: () => RuleBook;
  readonly onBreach: BreachHandler;
}

/** One account's sample, reused between observations (its exposure is valued only if a limit asks). */
class Sample implements AccountSample {
  accountId = '';
  minorDigits = 2;
  currency: string | undefined;
  metrics!: AccountMetricsSnapshot;
  private exposure: CurrentExposure | undefined;

  constructor(private readonly portfolio: PortfolioView, private readonly instruments: InstrumentProvider) {}

  reset(accountId: string, currency: string | undefined, metrics: AccountMetricsSnapshot): this {
    this.accountId = accountId;
    this.currency = currency;
    this.minorDigits = minorDigitsOf(currency ?? '');
    this.metrics = metrics;
    this.exposure = undefined;
    return this;
  }

  currentExposure(): CurrentExposure {
    return (this.exposure ??= currentExposure(this.portfolio, this.instruments, this.accountId, this.currency));
  }
}

/**
 * Samples each watched account's equity (PortfolioView) into AccountMetrics and checks its account-wide limits;
 * a broken limit is handed to the engine, which trips the trading state. Runs on intents (loss limits only),
 * on PositionChanged / AccountUpdated, and on bars at the configured interval.
 */
export class LimitWatch {
  /** Watched accounts and their currency (known after the portfolio first reports the account). */
  private readonly accounts = new Map<string, string | undefined>();
  private readonly sample: Sample;

  constructor(private readonly deps: LimitWatchDeps) {
    this.sample = new Sample(deps.portfolio, deps.instruments);
  }

  watch(accountId: string): void {
    if (!this.accounts.has(accountId)) this.accounts.set(accountId, undefined);
  }

  observeAll(nowMs: number): void {
    for (const accountId of this.accounts.keys()) this.observe(accountId, nowMs, true, undefined);
  }

  /** Sample the account and check its limits; exposure limits only when `withExposure` (they value every position). */
  observe(accountId: string, nowMs: number, withExposure: boolean, cause: EventEnvelope | undefined): void {
    const { portfolio, metrics } = this.deps;
    let equityMinor: number;
    try {
      equityMinor = portfolio.equityMinor(accountId);
    } catch {
      return; // the pre-trade rules read the same port and fail closed on it
    }
    let currency = this.accounts.get(accountId);
    if (currency === undefined) {
      currency = portfolio.account(accountId)?.currency;
      this.accounts.set(accountId, currency);
    }
    metrics.sample(accountId, equityMinor, nowMs);
    const limits = this.deps.book().limitsFor(accountId);
    if (limits.length === 0) return;
    const sample = this.sample.reset(accountId, currency, metrics.get(accountId)!);
    for (let i = 0; i < limits.length; i++) {
      const limit = limits[i]!;
      if (!withExposure && limit.usesExposure === true) continue;
      const breach = limit.check(sample);
      if (breach !== undefined) this.deps.onBreach(accountId, limit, breach, cause);
    }
  }
}

/** The account's net books marked at the last price (cost basis before any), in its currency. */
export function currentExposure(portfolio: PortfolioView, instruments: InstrumentProvider, accountId: string, accountCurrency: string | undefined): CurrentExposure {
  const marked = portfolio.markedPositions?.(accountId);
  if (marked !== undefined && marked.unpricedPositions === 0 && accountCurrency !== undefined) {
    // Every position already marked at a last price above zero, in the account's currency: the sums below, kept current.
    return { ok: true, grossMinor: marked.grossMinor, netMinor: marked.netMinor, currency: accountCurrency };
  }
  let grossMinor = 0;
  let netMinor = 0;
  let currency = accountCurrency;
  const books = portfolio.positions(accountId);
  for (let i = 0; i < books.length; i++) {
    const book = books[i]!;
    if (book.strategyId !== ACCOUNT_BOOK || book.quantity === 0) continue;
    const instrument = instruments.get(book.instrumentId);
    if (instrument === undefined) return { ok: false, problem: `unknown instrument ${book.instrumentId}` };
    currency ??= instrument.currency;
    if (instrument.currency !== currency) return { ok: false, problem: `${instrument.id} trades in ${instrument.currency}, account ${accountId} in ${currency}` };
    const price = portfolio.lastPrice(book.instrumentId) ?? book.avgPrice;
    if (!(price > 0)) return { ok: false, problem: `no price for ${book.instrumentId}` };
    const value = signedValue(toUnits(book.quantity, instrument.quantityPrecision), price, instrument);
    grossMinor += Math.abs(value);
    netMinor += value;
  }
  return { ok: true, grossMinor, netMinor, currency: currency ?? '' };
}
