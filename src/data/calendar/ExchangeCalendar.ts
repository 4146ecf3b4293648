import { DateTime } from 'luxon';
import { ValidationError, timeframeMs } from '../../core/index.js';
import type { SessionCalendar, Timeframe } from '../../core/index.js';
import type { SessionOffset } from '../BarAggregator.js';
import { ExchangeDays } from './ExchangeDays.js';
import { BUILT_IN_EXCHANGES } from './exchangeSessions.js';
import type { ExchangeSessionSpec, TradingSession, UnknownExchangePolicy } from './exchangeSessions.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest run of closed days nextOpen searches through. */
const MAX_CLOSED_DAYS = 400;
const OPEN_ALL_DAY: ExchangeSessionSpec = BUILT_IN_EXCHANGES.SIM!;

export interface ExchangeCalendarConfig {
  /** Closed dates per exchange, `{ NSE: ['2026-01-26', …] }`. */
  readonly holidays?: Readonly<Record<string, readonly string[]>>;
  /** Default `open`: an exchange with no known hours is treated as always open (or always closed). */
  readonly unknownExchange?: UnknownExchangePolicy;
  /** Extra exchanges, or overrides of the built-in hours. */
  readonly exchanges?: Readonly<Record<string, ExchangeSessionSpec>>;
}

/**
 * Exchange sessions (the core `SessionCalendar` port): NSE/NFO/BSE 09:15–15:30 Asia/Kolkata, NYSE and NASDAQ
 * 09:30–16:00 America/New_York, weekends closed, holidays from configuration, SIM always open.
 */
export class ExchangeCalendar implements SessionCalendar {
  private readonly days = new Map<string, ExchangeDays>();
  private readonly unknown: ExchangeDays | undefined;

  constructor(config: ExchangeCalendarConfig = {}) {
    const specs = { ...BUILT_IN_EXCHANGES, ...config.exchanges };
    const holidays = checkHolidays(config.holidays ?? {});
    for (const [exchange, spec] of Object.entries(specs)) {
      this.days.set(exchange, new ExchangeDays(exchange, spec, holidays.get(exchange) ?? new Set()));
    }
    const policy = config.unknownExchange ?? 'open';
    if (policy !== 'open' && policy !== 'closed') {
      throw new ValidationError(`calendar unknownExchange "${String(policy)}" is not one of open, closed`);
    }
    this.unknown = policy === 'open' ? new ExchangeDays('*', OPEN_ALL_DAY, new Set()) : undefined;
  }

  /**
   * Whether `exchange` trades at `tsMs` (sessions are [open, close)). For daily or longer timeframes only
   * the date matters: the bar [ts, ts + 1d) counts as its exchange-local date at its midpoint, which is
   * right whether daily bars are stamped at UTC midnight or at the exchange's midnight.
   */
  isOpen(exchange: string, tsMs: number, timeframe?: Timeframe): boolean {
    const days = this.days.get(exchange) ?? this.unknown;
    if (days === undefined) return false;
    if (days.alwaysOpen) return true;
    // A daily bar is dispatched at its last millisecond: its day is the local date half a day earlier,
    // whether the bars are stamped at UTC midnight or at the exchange's midnight.
    if (timeframe !== undefined && timeframeMs(timeframe) >= DAY_MS) return days.dayOf(tsMs - DAY_MS / 2).trading;
    const day = days.dayOf(tsMs);
    return day.trading && tsMs >= day.openMs && tsMs < day.closeMs;
  }

  /** Whether the exchange-local date containing `tsMs` is a trading day. */
  isTradingDay(exchange: string, tsMs: number): boolean {
    const days = this.days.get(exchange) ?? this.unknown;
    return days !== undefined && days.dayOf(tsMs).trading;
  }

  /** The session of the exchange-local day containing `dateMs`; undefined on a weekend or holiday. */
  sessionFor(exchange: string, dateMs: number): TradingSession | undefined {
    const days = this.days.get(exchange) ?? this.unknown;
    if (days === undefined) return undefined;
    const day = days.dayOf(dateMs);
    return day.trading ? { exchange, date: day.date, openMs: day.openMs, closeMs: day.closeMs } : undefined;
  }

  /** The session on a local calendar date `YYYY-MM-DD`. */
  sessionOn(exchange: string, isoDate: string): TradingSession | undefined {
    const days = this.days.get(exchange) ?? this.unknown;
    const midday = days?.middayOf(isoDate);
    return midday === undefined ? undefined : this.sessionFor(exchange, midday);
  }

  /** The first session open at or after `tsMs` (`tsMs` itself for an always-open venue). */
  nextOpen(exchange: string, tsMs: number): number | undefined {
    const days = this.days.get(exchange) ?? this.unknown;
    if (days === undefined) return undefined;
    if (days.alwaysOpen) return tsMs;
    let probeMs = tsMs;
    for (let i = 0; i < MAX_CLOSED_DAYS; i++) {
      const day = days.dayOf(probeMs);
      if (day.trading && day.openMs >= tsMs) return day.openMs;
      probeMs = day.endMs;
    }
    return undefined;
  }

  /** The exchange zone's UTC offset as a function, for daily bars that break at the exchange's midnight. */
  sessionOffsetFor(exchange: string): SessionOffset | undefined {
    return this.days.get(exchange)?.offsetMs;
  }

  /** Exchanges with known hours. */
  exchanges(): string[] {
    return [...this.days.keys()];
  }
}

function checkHolidays(holidays: Readonly<Record<string, readonly string[]>>): Map<string, Set<string>> {
  const byExchange = new Map<string, Set<string>>();
  for (const [exchange, dates] of Object.entries(holidays)) {
    if (!Array.isArray(dates)) throw new ValidationError(`calendar holidays.${exchange} must be a list of YYYY-MM-DD dates`);
    dates.forEach((date, index) => {
      if (typeof date !== 'string' || !ISO_DATE.test(date) || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
        throw new ValidationError(`calendar holidays.${exchange}[${index}]: ${JSON.stringify(date)} is not a date YYYY-MM-DD`);
      }
    });
    byExchange.set(exchange, new Set(dates));
  }
  return byExchange;
}
