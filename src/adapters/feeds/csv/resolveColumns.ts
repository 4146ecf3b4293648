import type { ColumnRef, CsvColumnMap } from './CsvLoadOptions.js';
import type { CsvProblems } from './CsvProblems.js';

/** Where each needed value sits in a row (0-based field indices; -1 when absent). */
export interface ColumnLayout {
  readonly fieldCount: number;
  /** Date, or date and time together. */
  readonly time: number;
  /** A separate time-of-day field joined to `time`, or -1. */
  readonly clock: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly adjClose: number;
  /** Header names as written, for messages. */
  readonly names: readonly string[];
}

const NAMES = {
  dateTime: ['datetime', 'timestamp', 'dt'],
  date: ['date'],
  clock: ['time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume', 'vol'],
  adjClose: ['adjclose', 'adjustedclose'],
  quote: ['bid', 'ask', 'offer'],
} as const;

const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/** `Adj Close`, `adj_close`, `ADJCLOSE` all read as `adjclose`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Map a header (and the caller's explicit column map) to field indices, or report what is missing. */
export function resolveColumns(header: readonly string[], columns: CsvColumnMap | undefined, problems: CsvProblems): ColumnLayout {
  const normalized = header.map(normalizeName);
  const find = (names: readonly string[]): number => normalized.findIndex((n) => names.includes(n));
  const pick = (ref: ColumnRef | undefined, role: string, fallback: () => number): number => {
    if (ref === undefined) return fallback();
    const index = typeof ref === 'number' ? ref : normalized.indexOf(normalizeName(ref));
    if (index < 0 || index >= header.length || !Number.isInteger(index)) {
      problems.add(1, `column ${JSON.stringify(ref)} given for ${role} is not in the header (${header.join(', ')})`);
      return -1;
    }
    return index;
  };

  let time: number;
  let clock = -1;
  if (columns?.time !== undefined || columns?.date !== undefined) {
    if (columns.date !== undefined) {
      time = pick(columns.date, 'date', () => -1);
      clock = columns.time === undefined ? -1 : pick(columns.time, 'time', () => -1);
    } else {
      time = pick(columns.time, 'time', () => -1);
    }
  } else {
    time = find(NAMES.dateTime);
    if (time < 0) {
      time = find(NAMES.date);
      if (time >= 0) clock = find(NAMES.clock);
      else time = find(NAMES.clock);
    }
  }
  const layout: ColumnLayout = {
    fieldCount: header.length,
    time,
    clock,
    open: pick(columns?.open, 'open', () => find(NAMES.open)),
    high: pick(columns?.high, 'high', () => find(NAMES.high)),
    low: pick(columns?.low, 'low', () => find(NAMES.low)),
    close: pick(columns?.close, 'close', () => find(NAMES.close)),
    volume: pick(columns?.volume, 'volume', () => find(NAMES.volume)),
    adjClose: pick(columns?.adjClose, 'adjClose', () => find(NAMES.adjClose)),
    names: header,
  };
  const missing: string[] = [];
  if (layout.time < 0 && columns?.time === undefined && columns?.date === undefined) missing.push('time (date, datetime, time or timestamp)');
  for (const column of PRICE_COLUMNS) {
    if (layout[column] < 0 && columns?.[column] === undefined) missing.push(column);
  }
  if (missing.length > 0) {
    const quoteHint = find(NAMES.quote) >= 0 ? '; this looks like a quote (bid/ask) file, not OHLCV bars' : '';
    const plural = missing.length > 1 ? 's' : '';
    problems.add(1, `missing required column${plural} ${missing.join(', ')} (header has: ${header.join(', ')})${quoteHint}`);
  }
  problems.throwIfAny();
  return layout;
}

/** Rows that carry an unnamed time-of-day field right after the date (backtrader's 1-minute files). */
export function withClockAfterDate(layout: ColumnLayout): ColumnLayout {
  const shift = (index: number): number => (index > layout.time ? index + 1 : index);
  return {
    fieldCount: layout.fieldCount + 1,
    time: layout.time,
    clock: layout.time + 1,
    open: shift(layout.open),
    high: shift(layout.high),
    low: shift(layout.low),
    close: shift(layout.close),
    volume: layout.volume < 0 ? -1 : shift(layout.volume),
    adjClose: layout.adjClose < 0 ? -1 : shift(layout.adjClose),
    names: layout.names,
  };
}
