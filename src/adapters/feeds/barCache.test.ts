import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FortressError } from '../../core/index.js';
import { makeTempDir } from '../../testing/index.js';
import { readBarCache, writeBarCache } from './barCache.js';
import { generateBars } from './synthetic/generateBars.js';

const series = generateBars({
  instrumentId: 'SYN.SIM', timeframe: '1m', count: 1000, startMs: Date.UTC(2024, 0, 2), startPrice: 100, volatility: 0.002, tickSize: 0.05, seed: 7, baseVolume: 500,
});

function assertInvalid(path: string, why: RegExp): void {
  assert.throws(() => readBarCache(path), (error: unknown) => {
    assert.ok(error instanceof FortressError);
    assert.equal(error.code, 'BAR_CACHE_INVALID');
    assert.match(error.message, why);
    return true;
  });
}

describe('bar cache', () => {
  it('reads back exactly the bars and meta it wrote', () => {
    const path = join(makeTempDir(), 'syn.fortress-bars');
    writeBarCache(path, series, { pricePrecision: 2, source: { fileName: 'syn.csv', sizeBytes: 123, mtimeMs: 456.5 }, optionsKey: 'k' });
    const { series: read, meta } = readBarCache(path);
    assert.deepEqual(meta, { instrumentId: 'SYN.SIM', timeframe: '1m', length: 1000, pricePrecision: 2, source: { fileName: 'syn.csv', sizeBytes: 123, mtimeMs: 456.5 }, optionsKey: 'k' });
    assert.equal(read.instrumentId, 'SYN.SIM');
    assert.equal(read.timeframe, '1m');
    assert.equal(read.length, 1000);
    for (const column of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) assert.deepEqual(read[column], series[column], column);
  });

  it('writes only the first `length` values of longer columns and leaves no temp file behind', () => {
    const dir = makeTempDir();
    const path = join(dir, 'part.fortress-bars');
    writeBarCache(path, { ...series, length: 10 }, { pricePrecision: 2 });
    assert.deepEqual(readBarCache(path).series.close, series.close.subarray(0, 10));
    assert.deepEqual(readdirSync(dir), ['part.fortress-bars']);
  });

  it('stores an empty series', () => {
    const path = join(makeTempDir(), 'empty.fortress-bars');
    writeBarCache(path, { ...series, length: 0 }, { pricePrecision: 0 });
    assert.equal(readBarCache(path).series.length, 0);
  });

  it('rejects a truncated cache', () => {
    const path = join(makeTempDir(), 'cut.fortress-bars');
    writeBarCache(path, series, { pricePrecision: 2 });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 8));
    assertInvalid(path, /holds \d+ bytes but 1000 bars need \d+ \(truncated\)/);
    writeFileSync(path, bytes.subarray(0, 20));
    assertInvalid(path, /truncated inside its header/);
  });

  it('rejects a foreign file', () => {
    const path = join(makeTempDir(), 'foreign.fortress-bars');
    writeFileSync(path, 'Date,Open,High,Low,Close\n2020-01-01,1,1,1,1\n');
    assertInvalid(path, /is not a usable bar cache: it does not start with the bar cache signature/);
  });

  it('rejects a header that does not describe bars', () => {
    const path = join(makeTempDir(), 'odd.fortress-bars');
    const meta = Buffer.from(JSON.stringify({ instrumentId: 'X', timeframe: '7m', length: 0, pricePrecision: 2 }));
    const head = Buffer.alloc(16);
    head.write('FTBARS01', 0, 'latin1');
    head.writeUInt32LE(1, 8);
    head.writeUInt32LE(meta.length, 12);
    writeFileSync(path, Buffer.concat([head, meta]));
    assertInvalid(path, /header does not describe bars/);
    assert.ok(existsSync(path));
  });
});
