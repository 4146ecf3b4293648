import { DateTime, IANAZone } from 'luxon';
import { ValidationError } from '../../core/index.js';
import type { ExchangeSessionSpec } from './exchangeSessions.js';

/** One local day of an exchange: its UTC bounds and its session. Mutated in place when the day changes. */
export interface ExchangeDay {
  startMs: number;
  endMs: number;
  date: string;
  trading: boolean;
  openMs: number;
  closeMs: number;
}

const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/**
 * The days of one exchange, computed with luxon (DST-correct) and cached: the day last asked about is kept,
 * so the common question "is it open now?" costs two comparisons until the local date changes.
 */
export class ExchangeDays {
  readonly alwaysOpen: boolean;
  private readonly zone: IANAZone;
  private readonly open: { readonly hour: number; readonly minute: number };
  private readonly close: { readonly hour: number; readonly minute: number };
  private readonly closedWeekdays: ReadonlySet<number>;
  private readonly cached: ExchangeDay = { startMs: 0, endMs: 0, date: '', trading: false, openMs: 0, closeMs: 0 };

  constructor(
    readonly exchange: string,
    spec: ExchangeSessionSpec,
    private readonly holidays: ReadonlySet<string>,
  ) {
    if (!IANAZone.isValidZone(spec.timeZone)) {
      throw new ValidationError(`calendar exchange ${exchange}: timeZone "${spec.timeZone}" is not an IANA zone`);
    }
    this.zone = IANAZone.create(spec.timeZone);
    this.open = parseClock(exchange, 'open', spec.open);
    this.close = parseClock(exchange, 'close', spec.close);
    this.closedWeekdays = new Set(spec.closedWeekdays ?? [6, 7]);
    this.alwaysOpen = spec.alwaysOpen === true;
  }

  /** The zone's offset from UTC at an instant, in ms (for daily bar buckets at local midnight). */
  readonly offsetMs = (tsMs: number): number => this.zone.offset(tsMs) * 60_000;

  /** The local day containing `tsMs` (the returned object is reused: read it, do not keep it). */
  dayOf(tsMs: number): ExchangeDay {
    const day = this.cached;
    if (tsMs >= day.startMs && tsMs < day.endMs) return day;
    const start = DateTime.fromMillis(tsMs, { zone: this.zone }).startOf('day');
    const next = start.plus({ days: 1 });
    day.startMs = start.toMillis();
    day.endMs = next.toMillis();
    day.date = start.toISODate() ?? '';
    day.trading = !this.closedWeekdays.has(start.weekday) && !this.holidays.has(day.date);
    day.openMs = this.at(start, next, this.open);
    day.closeMs = this.at(start, next, this.close);
    return day;
  }

  /** Epoch ms of local midday on `isoDate` (a safe instant inside that day). */
  middayOf(isoDate: string): number | undefined {
    const day = DateTime.fromISO(isoDate, { zone: this.zone });
    return day.isValid ? day.set({ hour: 12 }).toMillis() : undefined;
  }

  private at(start: DateTime, next: DateTime, clock: { readonly hour: number; readonly minute: number }): number {
    if (clock.hour === 24) return next.toMillis();
    return start.set({ hour: clock.hour, minute: clock.minute }).toMillis();
  }
}

function parseClock(exchange: string, field: string, text: string): { hour: number; minute: number } {
  const match = HH_MM.exec(text);
  if (match === null || (match[1] === '24' && match[2] !== '00')) {
    throw new ValidationError(`calendar exchange ${exchange}: ${field} "${text}" is not a time HH:MM`);
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
