import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../../core/index.js';
import { makeTempDir, sharedDataFile, skipUnlessSharedData } from '../../../testing/index.js';
import { loadCsvBars } from './loadCsvBars.js';
import type { CsvLoadOptions } from './CsvLoadOptions.js';

/** The valid OHLCV files of the shared data set with the row counts and dates its README documents. */
const DOCUMENTED: readonly (readonly [string, number, string, string, Partial<CsvLoadOptions>?])[] = [
  ['orcl-1995-2014.txt', 5036, '1995-01-03', '2014-12-31'],
  ['orcl-2003-2005.txt', 756, '2003-01-02', '2005-12-30'],
  ['orcl-2014.txt', 252, '2014-01-02', '2014-12-31'],
  ['nvda-1999-2014.txt', 4012, '1999-01-22', '2014-12-31'],
  ['nvda-2014.txt', 252, '2014-01-02', '2014-12-31'],
  ['yhoo-1996-2014.txt', 4713, '1996-04-12', '2014-12-31'],
  ['yhoo-1996-2015.txt', 4965, '1996-04-12', '2015-12-31'],
  ['yhoo-2003-2005.txt', 756, '2003-01-02', '2005-12-30'],
  ['yhoo-2014.txt', 252, '2014-01-02', '2014-12-31'],
  ['2006-day-001.txt', 255, '2006-01-02', '2006-12-29'],
  ['2006-day-002.txt', 129, '2006-01-03', '2006-12-29'],
  ['2005-2006-day-001.txt', 512, '2005-01-03', '2006-12-29'],
  ['2006-day-001-optix.txt', 255, '2006-01-02', '2006-12-29'],
  ['2006-week-001.txt', 52, '2006-01-06', '2006-12-29'],
  ['2006-week-002.txt', 26, '2006-01-13', '2006-12-29'],
  ['2006-month-001.txt', 12, '2006-01-31', '2006-12-29'],
  ['2006-volume-day-001.txt', 255, '2006-01-02', '2006-12-29'],
  ['2006-min-005.txt', 2142, '2006-01-02 09:05:00', '2006-01-30 17:30:00'],
  ['2006-01-02-volume-min-001.txt', 30889, '2006-01-02 09:01:00', '2006-02-27 22:00:00'],
  ['ticksample.csv', 135, '2015-09-23 20:57:42.146', '2015-09-23 21:00:00.238', { timeframe: '1s', allowDuplicateTimes: true }],
];

function stamp(ms: number | undefined): string {
  const iso = new Date(ms ?? Number.NaN).toISOString().replace('T', ' ').replace('Z', '');
  return iso.endsWith(' 00:00:00.000') ? iso.slice(0, 10) : iso.endsWith('.000') ? iso.slice(0, 19) : iso;
}

describe('loadCsvBars on the shared market data', () => {
  for (const [name, rows, first, last, options] of DOCUMENTED) {
    it(`loads ${name}: ${rows} rows from ${first} to ${last}`, { skip: skipUnlessSharedData(name) }, () => {
      const bars = loadCsvBars(sharedDataFile(name), { instrumentId: 'TEST.SIM', ...options });
      assert.equal(bars.length, rows);
      assert.equal(stamp(bars.ts[0]), first);
      assert.equal(stamp(bars.ts[bars.length - 1]), last);
      for (let i = 0; i < bars.length; i++) {
        assert.ok(bars.low[i]! <= Math.min(bars.open[i]!, bars.close[i]!) && bars.high[i]! >= Math.max(bars.open[i]!, bars.close[i]!));
      }
    });
  }

  it('reads Yahoo prices with 6 decimals and index prices with 2', { skip: skipUnlessSharedData('orcl-1995-2014.txt') || skipUnlessSharedData('2006-day-001.txt') }, () => {
    const orcl = loadCsvBars(sharedDataFile('orcl-1995-2014.txt'), { instrumentId: 'ORCL.NASDAQ' });
    assert.equal(orcl.pricePrecision, 6);
    assert.equal(orcl.timeframe, '1d');
    assert.deepEqual([orcl.open[0], orcl.high[0], orcl.low[0], orcl.close[0], orcl.volume[0]], [2.179012, 2.191358, 2.117284, 2.117284, 36301200]);
    const index = loadCsvBars(sharedDataFile('2006-day-001.txt'), { instrumentId: 'STOXX.SIM' });
    assert.equal(index.pricePrecision, 2);
  });

  it('rejects the duplicate timestamp in ticksample.csv unless duplicates are allowed', { skip: skipUnlessSharedData('ticksample.csv') }, () => {
    assert.throws(() => loadCsvBars(sharedDataFile('ticksample.csv'), { instrumentId: 'T.SIM', timeframe: '1s' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /ticksample\.csv:\d+: duplicate time 2015-09-23T\S+ \(same as line \d+\)/);
      return true;
    });
  });

  it('rejects bidask2.csv as a quote file without bar columns', { skip: skipUnlessSharedData('bidask2.csv') }, () => {
    assert.throws(() => loadCsvBars(sharedDataFile('bidask2.csv'), { instrumentId: 'EURJPY.SIM' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /bidask2\.csv:1: missing required columns open, high, low, close .*not OHLCV bars/);
      return true;
    });
  });

  it('rejects bidask.csv for its ambiguous dates even when its columns are mapped', { skip: skipUnlessSharedData('bidask.csv') }, () => {
    const columns = { time: 'TIMESTAMP', open: 'BID', high: 'ASK', low: 'BID', close: 'BID' };
    assert.throws(() => loadCsvBars(sharedDataFile('bidask.csv'), { instrumentId: 'FX.SIM', columns }), /bidask\.csv:2: date "02\/03\/2010 16:53:50" is ambiguous/);
    assert.throws(
      () => loadCsvBars(sharedDataFile('bidask.csv'), { instrumentId: 'FX.SIM', columns, dateFormat: 'DD/MM/YYYY' }),
      /bidask\.csv:\d+: duplicate time 02\/03\/2010 16:53:\d\d/,
    );
  });

  it('names the file path in the error of a malformed file on disk', () => {
    const path = join(makeTempDir(), 'broken.csv');
    writeFileSync(path, 'date,open,high,low,close\n2006-01-02,1,1,1,1\n2006-01-03,1,oops,1,1\n');
    assert.throws(() => loadCsvBars(path, { instrumentId: 'X.SIM' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.message, `${path}:3: high "oops" is not a number`);
      return true;
    });
  });
});
