import { readFileSync } from 'node:fs';
import type { CsvLoadOptions, LoadedBars } from './CsvLoadOptions.js';
import { parseCsvBytes } from './parseCsvBars.js';

/**
 * Bars from a CSV file (Yahoo, backtrader or any file whose header names date/time, open, high, low, close
 * and optionally volume). A malformed file throws a ValidationError listing `file:line: problem` for each
 * problem found (up to `maxProblems`); no row is ever dropped silently.
 */
export function loadCsvBars(path: string, options: CsvLoadOptions): LoadedBars {
  return parseCsvBytes(readFileSync(path), path, options);
}
