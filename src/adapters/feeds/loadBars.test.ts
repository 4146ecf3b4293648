import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/index.js';
import { barCachePath, loadBars } from './loadBars.js';

const CSV = 'date,open,high,low,close,volume\n2024-01-04,10.5,11,10,10.75,100\n2024-01-05,10.75,12,10.5,11.5,200\n';

function writeCsv(dir: string, text = CSV): string {
  const path = join(dir, 'bars.csv');
  writeFileSync(path, text);
  return path;
}

describe('loadBars', () => {
  it('parses the CSV once, writes a cache beside it, then reads the cache', () => {
    const path = writeCsv(makeTempDir());
    const first = loadBars(path, { instrumentId: 'X.SIM' });
    assert.equal(first.fromCache, false);
    assert.ok(existsSync(`${path}.fortress-bars`));
    const second = loadBars(path, { instrumentId: 'X.SIM' });
    assert.equal(second.fromCache, true);
    assert.deepEqual([...second.close], [10.75, 11.5]);
    assert.equal(second.pricePrecision, 2);
    assert.equal(second.timeframe, '1d');
  });

  it('re-parses when the CSV changes size or mtime', () => {
    const path = writeCsv(makeTempDir());
    loadBars(path, { instrumentId: 'X.SIM' });
    writeFileSync(path, `${CSV}2024-01-08,11.5,12,11,11.25,300\n`);
    const changed = loadBars(path, { instrumentId: 'X.SIM' });
    assert.equal(changed.fromCache, false);
    assert.equal(changed.length, 3);
    utimesSync(path, new Date(2001, 0, 1), new Date(2001, 0, 1));
    assert.equal(loadBars(path, { instrumentId: 'X.SIM' }).fromCache, false);
    assert.equal(loadBars(path, { instrumentId: 'X.SIM' }).fromCache, true);
  });

  it('re-parses when the parse options differ from the cached ones', () => {
    const path = writeCsv(makeTempDir());
    loadBars(path, { instrumentId: 'X.SIM' });
    const other = loadBars(path, { instrumentId: 'Y.SIM' });
    assert.equal(other.fromCache, false);
    assert.equal(other.instrumentId, 'Y.SIM');
  });

  it('keeps caches in a cache directory when given one', () => {
    const dir = makeTempDir();
    const path = writeCsv(dir);
    const cacheDir = join(dir, 'cache', 'nested');
    loadBars(path, { instrumentId: 'X.SIM', cacheDir });
    assert.ok(existsSync(barCachePath(path, cacheDir)));
    assert.ok(!existsSync(`${path}.fortress-bars`));
    assert.equal(loadBars(path, { instrumentId: 'X.SIM', cacheDir }).fromCache, true);
  });

  it('just parses when the cache cannot be written', () => {
    const dir = makeTempDir();
    const path = writeCsv(dir);
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, 'x');
    const bars = loadBars(path, { instrumentId: 'X.SIM', cacheDir: notADirectory });
    assert.equal(bars.fromCache, false);
    assert.equal(bars.length, 2);
  });

  it('replaces a corrupt cache with a fresh one', () => {
    const path = writeCsv(makeTempDir());
    writeFileSync(`${path}.fortress-bars`, 'garbage');
    assert.equal(loadBars(path, { instrumentId: 'X.SIM' }).fromCache, false);
    assert.equal(readFileSync(`${path}.fortress-bars`).subarray(0, 8).toString('latin1'), 'FTBARS01');
    assert.equal(loadBars(path, { instrumentId: 'X.SIM' }).fromCache, true);
  });
});
