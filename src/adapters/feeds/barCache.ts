import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { z } from 'zod';
import { FortressError, TIMEFRAMES } from '../../core/index.js';
import type { BarSeries } from '../../core/index.js';

/**
 * Binary columnar bar cache: re-reading a million bars is one readFileSync plus six typed-array views.
 *
 * Layout (little-endian): bytes 0–7 magic `FTBARS01`, 8–11 format version (uint32), 12–15 JSON meta length
 * (uint32), the JSON meta (UTF-8), zero padding to a multiple of 8, then the columns ts, open, high, low,
 * close, volume, each `length` Float64 values.
 */
const MAGIC = 'FTBARS01';
const VERSION = 1;
const PREFIX_BYTES = 16;
const COLUMN_COUNT = 6;

export const BAR_CACHE_ERROR = 'BAR_CACHE_INVALID';

let tempCounter = 0;

const sourceSchema = z.object({ fileName: z.string(), sizeBytes: z.number(), mtimeMs: z.number() });

const metaSchema = z.object({
  instrumentId: z.string().min(1),
  timeframe: z.enum(TIMEFRAMES),
  length: z.number().int().nonnegative(),
  pricePrecision: z.number().int().min(0).max(18),
  source: sourceSchema.optional(),
  /** Parse options the cache was built with; a cache built with other options is stale. */
  optionsKey: z.string().optional(),
});

export type BarCacheMeta = z.infer<typeof metaSchema>;
export type BarCacheMetaInput = Omit<BarCacheMeta, 'instrumentId' | 'timeframe' | 'length'>;

export interface BarCacheContents {
  readonly series: BarSeries;
  readonly meta: BarCacheMeta;
}

function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new FortressError('UNSUPPORTED_PLATFORM', 'the bar cache is little-endian; this machine is big-endian');
}

/** Write `series` to `path` atomically (a temp file renamed into place: a crash never leaves half a cache). */
export function writeBarCache(path: string, series: BarSeries, meta: BarCacheMetaInput): void {
  assertLittleEndian();
  const fullMeta: BarCacheMeta = { ...meta, instrumentId: series.instrumentId, timeframe: series.timeframe, length: series.length };
  const metaBytes = Buffer.from(JSON.stringify(fullMeta), 'utf8');
  const dataOffset = align8(PREFIX_BYTES + metaBytes.length);
  const head = Buffer.alloc(dataOffset);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(VERSION, 8);
  head.writeUInt32LE(metaBytes.length, 12);
  metaBytes.copy(head, PREFIX_BYTES);
  const tempPath = `${path}.${process.pid}-${++tempCounter}.tmp`;
  const fd = openSync(tempPath, 'w');
  try {
    writeSync(fd, head);
    for (const column of [series.ts, series.open, series.high, series.low, series.close, series.volume]) {
      const values = column.subarray(0, series.length);
      writeSync(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
    closeSync(fd);
    renameSync(tempPath, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tempPath, { force: true });
    throw error;
  }
}

/** Read a cache written by writeBarCache; a truncated or foreign file throws FortressError BAR_CACHE_INVALID. */
export function readBarCache(path: string): BarCacheContents {
  assertLittleEndian();
  const file = readFileSync(path);
  const invalid = (why: string): FortressError => new FortressError(BAR_CACHE_ERROR, `${path} is not a usable bar cache: ${why}`, { path });
  if (file.length < PREFIX_BYTES || file.toString('latin1', 0, 8) !== MAGIC) throw invalid('it does not start with the bar cache signature');
  const version = file.readUInt32LE(8);
  if (version !== VERSION) throw invalid(`format version ${version} is not ${VERSION}`);
  const metaLength = file.readUInt32LE(12);
  if (PREFIX_BYTES + metaLength > file.length) throw invalid('the file is truncated inside its header');
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + metaLength));
  } catch {
    throw invalid('its header is not valid JSON');
  }
  const result = metaSchema.safeParse(parsed);
  if (!result.success) throw invalid(`its header does not describe bars (${result.error.issues[0]?.message ?? 'invalid'})`);
  const meta = result.data;
  const dataOffset = align8(PREFIX_BYTES + metaLength);
  const expectedBytes = dataOffset + meta.length * 8 * COLUMN_COUNT;
  if (file.length !== expectedBytes) {
    throw invalid(`it holds ${file.length} bytes but ${meta.length} bars need ${expectedBytes}${file.length < expectedBytes ? ' (truncated)' : ''}`);
  }
  const column = (index: number): Float64Array => {
    const byteOffset = file.byteOffset + dataOffset + index * meta.length * 8;
    // Views when the buffer is 8-byte aligned (readFileSync of a large file is), else one copy.
    if (byteOffset % 8 === 0) return new Float64Array(file.buffer, byteOffset, meta.length);
    return new Float64Array(file.buffer.slice(byteOffset, byteOffset + meta.length * 8));
  };
  const series: BarSeries = {
    instrumentId: meta.instrumentId,
    timeframe: meta.timeframe,
    length: meta.length,
    ts: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
  return { series, meta };
}

function align8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}
