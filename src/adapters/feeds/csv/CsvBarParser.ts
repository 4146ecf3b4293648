import { DEFAULT_MAX_PROBLEMS, MAX_PRICE_PRECISION } from './CsvLoadOptions.js';
import type { CsvLoadOptions, LoadedBars } from './CsvLoadOptions.js';
import { BarColumnsBuilder } from './BarColumnsBuilder.js';
import { CsvCursor } from './CsvCursor.js';
import { CsvProblems } from './CsvProblems.js';
import { DecimalScanner } from './DecimalScanner.js';
import { TimeScanner } from './TimeScanner.js';
import { ZoneConverter } from './ZoneConverter.js';
import { finishSeries } from './finishSeries.js';
import { resolveColumns, withClockAfterDate } from './resolveColumns.js';
import type { ColumnLayout } from './resolveColumns.js';

const CLOCK_SHAPE = /^\d{2}:\d{2}:\d{2}$/;

/**
 * One pass over a CSV file's bytes into bar columns. Every row is checked (field count, time, numbers,
 * OHLC consistency, order); problems are collected, up to a limit, and thrown together, naming file and
 * line.
 *
 * Hand-written rather than a CSV library because this is the hot path of every backtest load and the
 * benchmark (src/bench/data.ts, 1,000,000 generic rows, floor 1M rows/s) showed strings to be the
 * bottleneck: split + Number + Date.parse alone took about 2 s (0.5M rows/s) before any validation, and
 * general CSV libraries (csv-parse, papaparse) make the same per-field strings and more, 3–10× below the
 * floor. This scanner reads numbers and dates straight from the bytes: about 0.3 s for the same file.
 */
export class CsvBarParser {
  private readonly problems: CsvProblems;
  private readonly cursor: CsvCursor;
  private readonly numbers = new DecimalScanner();
  private readonly times: TimeScanner;
  private readonly zone: ZoneConverter;
  private readonly adjCloses: number[] | undefined;
  private layout!: ColumnLayout;
  private precision = 0;
  private rowOk = true;
  private prevTs = Number.NEGATIVE_INFINITY;
  private prevLine = 0;
  private readonly prevTime = new Int32Array(4);

  constructor(
    bytes: Uint8Array,
    private readonly fileName: string,
    private readonly options: CsvLoadOptions,
  ) {
    this.problems = new CsvProblems(fileName, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
    this.cursor = new CsvCursor(bytes, (options.delimiter ?? ',').charCodeAt(0));
    this.times = new TimeScanner(options.dateFormat);
    this.zone = new ZoneConverter(options.timeZone ?? 'UTC');
    this.adjCloses = options.adjusted === true ? [] : undefined;
  }

  parse(): LoadedBars {
    const cursor = this.cursor;
    if (!cursor.next()) this.problems.fail(1, 'file is empty');
    const headerLine = cursor.line;
    const header = cursor.lineText().split(this.options.delimiter ?? ',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
    this.layout = resolveColumns(header, this.options.columns, this.problems);
    if (this.adjCloses !== undefined && this.layout.adjClose < 0) {
      this.problems.fail(headerLine, 'adjusted prices need an Adj Close column');
    }
    cursor.ensureCapacity(header.length + 2);
    if (!cursor.next()) this.problems.fail(headerLine, 'file has a header but no data rows');
    this.detectClockColumn();
    const columns = new BarColumnsBuilder((cursor.bytes.length / cursor.lineBytes) * 1.1);
    this.readRows(columns);
    this.problems.throwIfAny();
    return finishSeries(columns, this.fileName, this.options, Math.min(this.precision, MAX_PRICE_PRECISION), this.adjCloses);
  }

  /** backtrader's minute files: a header of 7 names over rows of 8 fields, a Time field following Date. */
  private detectClockColumn(): void {
    const layout = this.layout;
    const cursor = this.cursor;
    if (layout.clock >= 0 || cursor.fieldCount !== layout.fieldCount + 1 || layout.time + 1 >= cursor.starts.length) return;
    if (CLOCK_SHAPE.test(cursor.text(layout.time + 1))) this.layout = withClockAfterDate(layout);
  }

  private readRows(columns: BarColumnsBuilder): void {
    const cursor = this.cursor;
    const problems = this.problems;
    const layout = this.layout;
    const adjCloses = this.adjCloses;
    do {
      if (cursor.fieldCount !== layout.fieldCount) {
        if (problems.add(cursor.line, `expected ${layout.fieldCount} fields, found ${cursor.fieldCount}`)) return;
        continue;
      }
      this.rowOk = true;
      const ts = this.readTime();
      const open = this.readPrice(layout.open, 'open');
      const high = this.readPrice(layout.high, 'high');
      const low = this.readPrice(layout.low, 'low');
      const close = this.readPrice(layout.close, 'close');
      const volume = layout.volume < 0 ? 0 : this.readVolume(layout.volume);
      if (adjCloses !== undefined) adjCloses.push(this.readPrice(layout.adjClose, 'adj close'));
      if (this.rowOk) this.checkRange(open, high, low, close);
      if (this.rowOk) columns.push(ts, open, high, low, close, volume);
      else if (problems.full) return;
    } while (cursor.next());
  }

  private readTime(): number {
    const cursor = this.cursor;
    const layout = this.layout;
    const starts = cursor.starts;
    const ends = cursor.ends;
    const ds = starts[layout.time]!;
    const de = ends[layout.time]!;
    const cs = layout.clock < 0 ? -1 : starts[layout.clock]!;
    const ce = layout.clock < 0 ? -1 : ends[layout.clock]!;
    let ts = this.times.scan(cursor.bytes, ds, de, cs, ce);
    if (ts !== ts) {
      const text = this.timeText(ds, de, cs, ce);
      this.problem(
        this.times.ambiguous
          ? `date "${text}" is ambiguous (dd/mm or mm/dd): set dateFormat to 'DD/MM/YYYY' or 'MM/DD/YYYY'`
          : `time "${text}" is not a valid date/time`,
      );
      return ts;
    }
    if (!this.times.absolute) {
      const zone = this.zone;
      ts = zone.toUtc(ts);
      if (zone.gap) {
        this.problem(`time ${this.timeText(ds, de, cs, ce)} does not exist in ${zone.timeZone} (skipped by a daylight-saving change)`);
        return ts;
      }
      // A wall time that occurs twice (clocks going back): the second occurrence follows the first.
      if (ts <= this.prevTs && zone.alternativeMs > this.prevTs) ts = zone.alternativeMs;
    }
    if (ts < this.prevTs) {
      const p = this.prevTime;
      this.problem(`time ${this.timeText(ds, de, cs, ce)} is before the previous row's ${this.timeText(p[0]!, p[1]!, p[2]!, p[3]!)}`);
      return ts;
    }
    if (ts === this.prevTs && this.options.allowDuplicateTimes !== true) {
      this.problem(`duplicate time ${this.timeText(ds, de, cs, ce)} (same as line ${this.prevLine})`);
      return ts;
    }
    this.prevTs = ts;
    this.prevLine = cursor.line;
    this.prevTime[0] = ds;
    this.prevTime[1] = de;
    this.prevTime[2] = cs;
    this.prevTime[3] = ce;
    return ts;
  }

  private readPrice(index: number, name: string): number {
    const value = this.numbers.scan(this.cursor.bytes, this.cursor.starts[index]!, this.cursor.ends[index]!);
    if (value !== value) {
      this.problem(`${name} "${this.cursor.text(index)}" is not a number`);
    } else if (this.numbers.decimals > this.precision) {
      this.precision = this.numbers.decimals;
    }
    return value;
  }

  private readVolume(index: number): number {
    const value = this.numbers.scan(this.cursor.bytes, this.cursor.starts[index]!, this.cursor.ends[index]!);
    if (value !== value) this.problem(`volume "${this.cursor.text(index)}" is not a number`);
    else if (value < 0) this.problem(`volume ${this.cursor.text(index)} is negative`);
    return value;
  }

  private checkRange(open: number, high: number, low: number, close: number): void {
    if (high >= low && open >= low && open <= high && close >= low && close <= high) return;
    const layout = this.layout;
    const cursor = this.cursor;
    const range = `[low ${cursor.text(layout.low)}, high ${cursor.text(layout.high)}]`;
    if (high < low) {
      this.problem(`high ${cursor.text(layout.high)} is below low ${cursor.text(layout.low)}`);
      return;
    }
    if (open < low || open > high) this.problem(`open ${cursor.text(layout.open)} is outside ${range}`);
    if (close < low || close > high) this.problem(`close ${cursor.text(layout.close)} is outside ${range}`);
  }

  private problem(message: string): void {
    this.rowOk = false;
    this.problems.add(this.cursor.line, message);
  }

  private timeText(ds: number, de: number, cs: number, ce: number): string {
    const decode = (start: number, end: number): string => new TextDecoder().decode(this.cursor.bytes.subarray(start, end)).trim();
    return cs < 0 ? decode(ds, de) : `${decode(ds, de)} ${decode(cs, ce)}`;
  }
}
