import { IANAZone } from 'luxon';
import { ValidationError } from '../../../core/index.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Wider than any UTC offset, so the instants of one wall-clock hour lie between the two probes. */
const PROBE_MS = 15 * HOUR_MS;

/**
 * Turns naive wall times of one zone into epoch ms. UTC is the fast path (identity). For other zones luxon
 * is asked once per wall-clock day (then hour) whether the offset changes nearby; in the rare hours around a
 * daylight-saving change each row is resolved exactly: a wall time that occurs twice gives the earlier
 * instant (the later one is offered as `alternativeMs`), a wall time that never occurs sets `gap`.
 */
export class ZoneConverter {
  /** The last wall time fell in a daylight-saving gap (it does not exist in the zone). */
  gap = false;
  /** For a wall time that occurs twice, the second instant; NaN otherwise. */
  alternativeMs = Number.NaN;
  private readonly zone: IANAZone | undefined;
  private cachedDay = Number.NaN;
  /** The day's offset in ms, or NaN when the offset changes near it. */
  private dayOffsetMs = 0;
  private cachedHour = Number.NaN;
  /** The hour's offset in ms, or NaN when the offset changes near it. */
  private cachedOffsetMs = 0;
  private earlyOffsetMs = 0;
  private lateOffsetMs = 0;

  constructor(readonly timeZone: string) {
    if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'Z') {
      this.zone = undefined;
      return;
    }
    if (!IANAZone.isValidZone(timeZone)) throw new ValidationError(`unknown time zone "${timeZone}" (use an IANA name such as America/New_York)`);
    this.zone = IANAZone.create(timeZone);
  }

  toUtc(wallMs: number): number {
    if (this.zone === undefined) return wallMs;
    const day = Math.floor(wallMs / DAY_MS);
    if (day !== this.cachedDay) this.probeDay(day);
    if (this.dayOffsetMs === this.dayOffsetMs) {
      this.gap = false;
      this.alternativeMs = Number.NaN;
      return wallMs - this.dayOffsetMs;
    }
    const hour = Math.floor(wallMs / HOUR_MS);
    if (hour !== this.cachedHour) this.probe(hour);
    if (this.cachedOffsetMs === this.cachedOffsetMs) {
      this.gap = false;
      this.alternativeMs = Number.NaN;
      return wallMs - this.cachedOffsetMs;
    }
    return this.resolve(wallMs);
  }

  private probeDay(day: number): void {
    this.cachedDay = day;
    const early = this.offsetAt(day * DAY_MS - PROBE_MS);
    const late = this.offsetAt((day + 1) * DAY_MS + PROBE_MS);
    this.dayOffsetMs = early === late ? early : Number.NaN;
  }

  private probe(hour: number): void {
    this.cachedHour = hour;
    const startMs = hour * HOUR_MS;
    this.earlyOffsetMs = this.offsetAt(startMs - PROBE_MS);
    this.lateOffsetMs = this.offsetAt(startMs + HOUR_MS + PROBE_MS);
    this.cachedOffsetMs = this.earlyOffsetMs === this.lateOffsetMs ? this.earlyOffsetMs : Number.NaN;
  }

  private resolve(wallMs: number): number {
    const early = wallMs - this.earlyOffsetMs;
    const late = wallMs - this.lateOffsetMs;
    const earlyValid = this.offsetAt(early) === this.earlyOffsetMs;
    const lateValid = this.offsetAt(late) === this.lateOffsetMs;
    this.gap = !earlyValid && !lateValid;
    this.alternativeMs = earlyValid && lateValid ? Math.max(early, late) : Number.NaN;
    if (earlyValid && lateValid) return Math.min(early, late);
    return lateValid ? late : early;
  }

  private offsetAt(utcMs: number): number {
    return this.zone!.offset(utcMs) * MINUTE_MS;
  }
}
