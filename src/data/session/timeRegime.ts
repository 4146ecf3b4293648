import type { TimeRegime } from '../../core/index.js';

/** Where the regimes of a session begin, in minutes from the open (OPEN, EARLY) or before the close (LATE, CLOSE). */
export interface RegimeBoundaries {
  /** OPEN lasts this long after the open. */
  readonly openMinutes: number;
  /** EARLY lasts until this long after the open. */
  readonly earlyMinutes: number;
  /** LATE starts this long before the close. */
  readonly lateMinutes: number;
  /** CLOSE starts this long before the close. */
  readonly closeMinutes: number;
}

export const DEFAULT_REGIME_BOUNDARIES: RegimeBoundaries = { openMinutes: 15, earlyMinutes: 60, lateMinutes: 60, closeMinutes: 15 };

const MINUTE_MS = 60_000;

/** The regime at `tsMs` of a session [openMs, closeMs); CLOSED outside it or when there is none. */
export function regimeAt(session: { readonly openMs: number; readonly closeMs: number } | undefined, tsMs: number, b: RegimeBoundaries): TimeRegime {
  if (session === undefined || tsMs < session.openMs || tsMs >= session.closeMs) return 'CLOSED';
  const sinceOpen = tsMs - session.openMs;
  const untilClose = session.closeMs - tsMs;
  if (untilClose <= b.closeMinutes * MINUTE_MS) return 'CLOSE';
  if (sinceOpen < b.openMinutes * MINUTE_MS) return 'OPEN';
  if (untilClose <= b.lateMinutes * MINUTE_MS) return 'LATE';
  if (sinceOpen < b.earlyMinutes * MINUTE_MS) return 'EARLY';
  return 'MID';
}
