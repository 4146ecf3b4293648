import type { DateFormat } from './CsvLoadOptions.js';
import { civilDayMs } from './civilTime.js';

const SPACE = 0x20;
const QUOTE = 0x22;
const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const SLASH = 0x2f;

/**
 * Reads a row's time from the file's bytes (no Date.parse, no regex: the CSV benchmark found per-row
 * string work to be the bottleneck). Understands `YYYY-MM-DD` (or `/`, `.`), an optional ` HH:MM[:SS[.fff]]`
 * or `THH:MM:SS[.fff]` part with an optional `Z` or `±HH:MM` zone, `YYYYMMDD`, epoch seconds or ms, a
 * separate time field, and `dd/mm/yyyy` or `mm/dd/yyyy` when a date format says which.
 * Returns epoch ms, or NaN; `absolute` says whether the text carried its zone (else it is a wall time).
 */
export class TimeScanner {
  absolute = false;
  /** The last NaN came from a `dd/mm` vs `mm/dd` date with no date format to decide it. */
  ambiguous = false;

  constructor(private readonly dateFormat: DateFormat | undefined) {}

  /** Date field bytes[ds, de), joined with time field bytes[ts, te) when ts >= 0. */
  scan(b: Uint8Array, ds: number, de: number, ts: number, te: number): number {
    this.absolute = false;
    this.ambiguous = false;
    while (ds < de && (b[ds] === SPACE || b[ds] === QUOTE)) ds++;
    while (de > ds && (b[de - 1] === SPACE || b[de - 1] === QUOTE)) de--;
    const len = de - ds;
    if (len < 8) return Number.NaN;
    if (isNumeric(b, ds, de)) return ts >= 0 && len !== 8 ? Number.NaN : this.scanNumeric(b, ds, de, ts, te);
    let dayMs: number;
    let pos: number;
    const sep4 = b[ds + 4]!;
    const sep2 = b[ds + 2]!;
    if (len >= 10 && isSeparator(sep4) && b[ds + 7] === sep4) {
      dayMs = civilDayMs(digits(b, ds, 4), digits(b, ds + 5, 2), digits(b, ds + 8, 2));
      pos = ds + 10;
    } else if (isSeparator(sep2) && b[ds + 5] === sep2) {
      const format = this.dateFormat;
      if (format === undefined || format === 'YYYY-MM-DD') {
        this.ambiguous = true;
        return Number.NaN;
      }
      const fullYear = format.endsWith('YYYY');
      const year = fullYear ? digits(b, ds + 6, 4) : pivotYear(digits(b, ds + 6, 2));
      const first = digits(b, ds, 2);
      const second = digits(b, ds + 3, 2);
      dayMs = format.startsWith('DD') ? civilDayMs(year, second, first) : civilDayMs(year, first, second);
      pos = ds + (fullYear ? 10 : 8);
    } else {
      return Number.NaN;
    }
    if (pos < de) {
      const joiner = b[pos];
      if (ts >= 0 || (joiner !== SPACE && joiner !== LETTER_T)) return Number.NaN;
      return dayMs + this.scanClock(b, pos + 1, de);
    }
    return ts >= 0 ? dayMs + this.scanClock(b, ts, te) : dayMs;
  }

  private scanNumeric(b: Uint8Array, ds: number, de: number, ts: number, te: number): number {
    const len = de - ds;
    if (len === 8) {
      const dayMs = civilDayMs(digits(b, ds, 4), digits(b, ds + 4, 2), digits(b, ds + 6, 2));
      return ts >= 0 ? dayMs + this.scanClock(b, ts, te) : dayMs;
    }
    // Epoch seconds (up to 11 integer digits) or milliseconds (12 and more), with an optional fraction.
    let whole = 0;
    let intDigits = 0;
    let i = ds;
    for (; i < de && b[i] !== DOT; i++) {
      whole = whole * 10 + (b[i]! - 48);
      intDigits++;
    }
    let fraction = 0;
    let scale = 1;
    for (i++; i < de && scale < 1e6; i++) {
      fraction = fraction * 10 + (b[i]! - 48);
      scale *= 10;
    }
    if (intDigits < 9) return Number.NaN;
    this.absolute = true;
    return intDigits >= 12 ? whole + Math.round(fraction / scale) : whole * 1000 + Math.round((fraction * 1000) / scale);
  }

  /** `HH:MM[:SS[.fff…]][Z|±HH:MM|±HHMM]` in bytes[s, e) as ms after midnight (minus the zone offset). */
  private scanClock(b: Uint8Array, s: number, e: number): number {
    while (s < e && (b[s] === SPACE || b[s] === QUOTE)) s++;
    while (e > s && (b[e - 1] === SPACE || b[e - 1] === QUOTE)) e--;
    if (e - s < 5 || b[s + 2] !== COLON) return Number.NaN;
    const hours = digits(b, s, 2);
    const minutes = digits(b, s + 3, 2);
    let seconds = 0;
    let millis = 0;
    let i = s + 5;
    if (i < e && b[i] === COLON) {
      seconds = digits(b, i + 1, 2);
      i += 3;
      if (i < e && b[i] === DOT) {
        let scale = 100;
        for (i++; i < e && isDigit(b[i]!); i++) {
          millis += (b[i]! - 48) * scale;
          scale /= 10;
        }
        millis = Math.floor(millis);
      }
    }
    let offsetMs = 0;
    if (i < e) {
      const c = b[i]!;
      if (c === LETTER_Z && i + 1 === e) {
        this.absolute = true;
      } else if ((c === PLUS || c === MINUS) && (e - i === 6 || e - i === 5)) {
        const offsetHours = digits(b, i + 1, 2);
        const offsetMinutes = e - i === 6 && b[i + 3] === COLON ? digits(b, i + 4, 2) : digits(b, i + 3, 2);
        offsetMs = (c === MINUS ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
        this.absolute = true;
      } else {
        return Number.NaN;
      }
    }
    if (!(hours < 24 && minutes < 60 && seconds < 60)) return Number.NaN;
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis - offsetMs;
  }
}

/** Two-digit years: 70–99 are 19xx, 00–69 are 20xx. */
function pivotYear(twoDigits: number): number {
  return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}

function isSeparator(byte: number): boolean {
  return byte === MINUS || byte === SLASH || byte === DOT;
}

function isNumeric(b: Uint8Array, s: number, e: number): boolean {
  let dots = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === DOT) dots++;
    else if (!isDigit(c)) return false;
  }
  return dots <= 1;
}

/** The unsigned integer written by `count` digits at `start`, NaN if any is not a digit. */
function digits(b: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = (b[i] ?? 0) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}
