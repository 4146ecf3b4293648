import { isTimeframe, type SignalAction, type Timeframe } from '../core/index.js';
import { AMIBROKER_COLUMNS, DEFAULT_AMIBROKER_LAYOUT, headerLayout, splitRow, type AmiBrokerLayout } from './amiBrokerLayout.js';
import type { ParsedSignal } from './ParsedSignal.js';
import { badActionReason, priceOf, quantityOf, signalActionOf, timeframeOf } from './signalFields.js';

/** A line that could not be read, and why; `raw` is the line as written. */
export interface AmiBrokerProblem {
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

export interface AmiBrokerParseResult {
  readonly signals: ParsedSignal[];
  readonly problems: AmiBrokerProblem[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads an AmiBroker signal file (`symbol,signal_type,quantity,price,timeframe,strategy_name`) into signals
 * and problems, each naming its 1-based line. Pure: no I/O. The file may be fed in pieces (a 50 MB file in
 * 1 MB chunks) as long as each piece ends at a line end; line numbers and the header carry over.
 *
 * The first non-blank line is either a header (column names in any order, case-insensitive; `price` and
 * `timeframe` may be left out) or, for a headerless file, a row in the order above. A first line that is
 * neither makes the layout unknown and every later line is reported as not read. Blank lines are skipped,
 * CRLF and a UTF-8 BOM are accepted, a price of 0 or empty means "no price", an empty timeframe means the
 * intake's default. Each bad line yields one problem naming every reason it failed.
 */
export class AmiBrokerSignalParser {
  private lineNumber = 0;
  private layout: AmiBrokerLayout | undefined;
  private layoutFailedAt = 0;
  /** `parseTimeframe` builds its alias table per call; a file repeats a handful of values a million times. */
  private readonly timeframes = new Map<string, Timeframe | string>();

  constructor(readonly fileName: string) {}

  /** Lines seen so far (including blank and header lines). */
  get linesRead(): number {
    return this.lineNumber;
  }

  parse(text: string): AmiBrokerParseResult {
    const signals: ParsedSignal[] = [];
    const problems: AmiBrokerProblem[] = [];
    const length = text.length;
    let start = this.lineNumber === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (start < length) {
      const newline = text.indexOf('\n', start);
      const next = newline === -1 ? length : newline + 1;
      let end = newline === -1 ? length : newline;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.lineNumber++;
      if (end > start) this.readLine(text.slice(start, end), signals, problems);
      start = next;
    }
    return { signals, problems };
  }

  private readLine(raw: string, signals: ParsedSignal[], problems: AmiBrokerProblem[]): void {
    const line = this.lineNumber;
    if (raw.charCodeAt(0) <= 32 && raw.trim() === '') return;
    if (this.layoutFailedAt > 0) {
      problems.push({ line, reason: `not read: the file's column layout is unknown (see line ${this.layoutFailedAt})`, raw });
      return;
    }
    const fields = splitRow(raw);
    if (this.layout === undefined) {
      const header = headerLayout(fields);
      if (typeof header === 'object') {
        this.layout = header;
        return;
      }
      if (typeof header === 'string' || fields.length !== DEFAULT_AMIBROKER_LAYOUT.width) {
        this.layoutFailedAt = line;
        const reason = header ?? `unknown column layout: the first line is neither the header ${AMIBROKER_COLUMNS.join(',')} nor a signal row (${fields.length} fields)`;
        problems.push({ line, reason, raw });
        return;
      }
      this.layout = DEFAULT_AMIBROKER_LAYOUT;
    }
    const signal = this.readRow(fields, this.layout, raw, line);
    if (typeof signal === 'string') problems.push({ line, reason: signal, raw });
    else signals.push(signal);
  }

  private readRow(fields: readonly string[], layout: AmiBrokerLayout, raw: string, line: number): ParsedSignal | string {
    if (fields.length !== layout.width) return `expected ${layout.width} fields, got ${fields.length}`;
    let reasons: string[] | undefined;
    const symbol = fields[layout.symbol]!;
    if (symbol === '') reasons = withReason(reasons, 'symbol is empty');
    const actionText = fields[layout.action]!;
    const action: SignalAction | undefined = signalActionOf(actionText);
    if (action === undefined) reasons = withReason(reasons, badActionReason(actionText));
    const quantity = quantityOf(fields[layout.quantity]!);
    if (typeof quantity === 'string') reasons = withReason(reasons, quantity);
    const price = layout.price < 0 ? undefined : priceOf(fields[layout.price]!);
    if (typeof price === 'string') reasons = withReason(reasons, price);
    const timeframe = layout.timeframe < 0 ? undefined : this.timeframeOf(fields[layout.timeframe]!);
    if (timeframe !== undefined && !isTimeframe(timeframe)) reasons = withReason(reasons, timeframe);
    const strategy = fields[layout.strategy]!;
    if (strategy === '') reasons = withReason(reasons, 'strategy_name is empty');
    if (reasons !== undefined) return reasons.join('; ');
    const signal: Mutable<ParsedSignal> = { line, source: this.fileName, symbol, action: action!, quantity: quantity as number, strategy, raw };
    if (price !== undefined) signal.price = price as number;
    if (timeframe !== undefined) signal.timeframe = timeframe as Timeframe;
    return signal;
  }

  /** The timeframe, the reason it is unknown, or undefined for an empty field. */
  private timeframeOf(text: string): string | undefined {
    if (text === '') return undefined;
    let found = this.timeframes.get(text);
    if (found === undefined) {
      found = timeframeOf(text);
      if (this.timeframes.size < 64) this.timeframes.set(text, found);
    }
    return found;
  }
}

function withReason(reasons: string[] | undefined, reason: string): string[] {
  if (reasons === undefined) return [reason];
  reasons.push(reason);
  return reasons;
}
