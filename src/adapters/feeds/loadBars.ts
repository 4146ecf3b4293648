import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { silentLogger } from '../../core/index.js';
import type { Logger } from '../../core/index.js';
import { readBarCache, writeBarCache } from './barCache.js';
import type { CsvLoadOptions, LoadedBars } from './csv/CsvLoadOptions.js';
import { loadCsvBars } from './csv/loadCsvBars.js';

export const BAR_CACHE_SUFFIX = '.fortress-bars';

export interface LoadBarsOptions extends CsvLoadOptions {
  /** Keep caches here instead of beside the CSV file. */
  readonly cacheDir?: string;
  readonly logger?: Logger;
}

export interface LoadedBarsWithCache extends LoadedBars {
  /** True when the bars came from a valid cache instead of the CSV. */
  readonly fromCache: boolean;
}

/**
 * Bars of a CSV file through a binary cache: `<file>.fortress-bars` (or a file in `cacheDir`) is used when
 * it records the CSV's current size and mtime and the same parse options; otherwise the CSV is parsed and
 * the cache rewritten. A cache that cannot be written (read-only data directory) is skipped, not an error.
 */
export function loadBars(path: string, options: LoadBarsOptions): LoadedBarsWithCache {
  const logger = options.logger ?? silentLogger;
  const stat = statSync(path);
  const cachePath = barCachePath(path, options.cacheDir);
  const optionsKey = parseOptionsKey(options);
  if (existsSync(cachePath)) {
    try {
      const { series, meta } = readBarCache(cachePath);
      const source = meta.source;
      if (source !== undefined && source.sizeBytes === stat.size && source.mtimeMs === stat.mtimeMs && meta.optionsKey === optionsKey) {
        return { ...series, pricePrecision: meta.pricePrecision, fromCache: true };
      }
      logger.debug({ path, cachePath }, 'bar cache is stale; parsing the CSV');
    } catch (error) {
      logger.warn({ path, cachePath, err: error instanceof Error ? error.message : String(error) }, 'bar cache unreadable; parsing the CSV');
    }
  }
  const bars = loadCsvBars(path, options);
  try {
    if (options.cacheDir !== undefined) mkdirSync(options.cacheDir, { recursive: true });
    writeBarCache(cachePath, bars, {
      pricePrecision: bars.pricePrecision,
      source: { fileName: basename(path), sizeBytes: stat.size, mtimeMs: stat.mtimeMs },
      optionsKey,
    });
  } catch (error) {
    logger.debug({ path, cachePath, err: error instanceof Error ? error.message : String(error) }, 'bar cache not written');
  }
  return { ...bars, fromCache: false };
}

/** Beside the CSV, or in `cacheDir` under a name that keeps same-named files from different folders apart. */
export function barCachePath(path: string, cacheDir?: string): string {
  if (cacheDir === undefined) return `${path}${BAR_CACHE_SUFFIX}`;
  const digest = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 12);
  return join(cacheDir, `${basename(path)}-${digest}${BAR_CACHE_SUFFIX}`);
}

/** The options that change what a parse produces, in a fixed order. */
function parseOptionsKey(options: CsvLoadOptions): string {
  return JSON.stringify([
    options.instrumentId,
    options.timeframe ?? null,
    options.timeZone ?? 'UTC',
    options.timestampMarks ?? 'open',
    options.adjusted ?? false,
    options.adjustedTickSize ?? null,
    options.columns ?? null,
    options.dateFormat ?? null,
    options.delimiter ?? ',',
    options.allowDuplicateTimes ?? false,
  ]);
}
