const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const utf8 = new TextDecoder('utf-8');

/**
 * Walks a CSV file's bytes line by line and records where each field starts and ends, without creating a
 * string per row (strings are made only for the header and for error messages). Handles LF and CRLF, a
 * missing final newline and a UTF-8 byte-order mark; skips blank lines; quoted delimiters are not supported.
 */
export class CsvCursor {
  /** 1-based number of the current line (blank lines counted). */
  line = 0;
  fieldCount = 0;
  lineStart = 0;
  lineEnd = 0;
  starts: Int32Array;
  ends: Int32Array;
  private pos: number;

  constructor(
    readonly bytes: Uint8Array,
    private readonly delimiter: number,
    capacity = 64,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }

  /** Room for at least `fields` fields per row; fields past the capacity are counted, not recorded. */
  ensureCapacity(fields: number): void {
    if (fields <= this.starts.length) return;
    this.starts = new Int32Array(fields);
    this.ends = new Int32Array(fields);
  }

  /** Move to the next non-blank line; false at the end of the file. */
  next(): boolean {
    const b = this.bytes;
    const length = b.length;
    const delimiter = this.delimiter;
    const starts = this.starts;
    const ends = this.ends;
    const capacity = starts.length;
    while (this.pos < length) {
      let pos = this.pos;
      const lineStart = pos;
      let n = 0;
      starts[0] = pos;
      for (; pos < length; pos++) {
        const c = b[pos]!;
        if (c === LF) break;
        if (c === delimiter) {
          if (n + 1 < capacity) {
            ends[n] = pos;
            starts[n + 1] = pos + 1;
          }
          n++;
        }
      }
      let lineEnd = pos;
      if (lineEnd > lineStart && b[lineEnd - 1] === CR) lineEnd--;
      if (n < capacity) ends[n] = lineEnd;
      this.pos = pos + 1;
      this.line++;
      this.fieldCount = n + 1;
      this.lineStart = lineStart;
      this.lineEnd = lineEnd;
      if (n === 0 && isBlank(b, lineStart, lineEnd)) continue;
      return true;
    }
    return false;
  }

  /** Text of field `index` of the current line (for headers and messages). */
  text(index: number): string {
    return utf8.decode(this.bytes.subarray(this.starts[index], this.ends[index])).trim();
  }

  lineText(): string {
    return utf8.decode(this.bytes.subarray(this.lineStart, this.lineEnd));
  }

  /** Bytes of the current line, a rough guide to how many rows the file holds. */
  get lineBytes(): number {
    return this.lineEnd - this.lineStart + 1;
  }
}

function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}
