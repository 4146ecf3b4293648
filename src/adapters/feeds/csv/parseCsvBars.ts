import type { CsvLoadOptions, LoadedBars } from './CsvLoadOptions.js';
import { CsvBarParser } from './CsvBarParser.js';

/** Bars from CSV text held in memory; `fileName` names the source in error messages. */
export function parseCsvBars(text: string, fileName: string, options: CsvLoadOptions): LoadedBars {
  return parseCsvBytes(Buffer.from(text, 'utf8'), fileName, options);
}

/** Bars from a CSV file's raw bytes (the fast path: no string is made per row). */
export function parseCsvBytes(bytes: Uint8Array, fileName: string, options: CsvLoadOptions): LoadedBars {
  // A plain Uint8Array view: element reads on one typed-array shape stay monomorphic (a Buffer is a subclass).
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new CsvBarParser(view, fileName, options).parse();
}
