import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvBars } from './parseCsvBars.js';

const ID = { instrumentId: 'X.SIM' } as const;

describe('parseCsvBars reads the formats found in the wild', () => {
  it('reads Yahoo files at raw prices by default and adjusted prices on request', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2014-01-02,37.779999,38.029999,37.549999,37.840000,35.166069,18162100\n2014-01-03,37.650002,37.860001,37.560001,37.619999,35.072853,11693900\n';
    const raw = parseCsvBars(text, 'orcl.csv', ID);
    assert.deepEqual([raw.open[0], raw.high[0], raw.low[0], raw.close[0], raw.volume[0]], [37.779999, 38.029999, 37.549999, 37.84, 18162100]);
    assert.equal(raw.pricePrecision, 6);
    assert.equal(raw.timeframe, '1d');
    const adjusted = parseCsvBars(text, 'orcl.csv', { ...ID, adjusted: true });
    assert.equal(adjusted.close[0], 35.17);
    assert.equal(adjusted.open[0], 35.11);
    assert.equal(adjusted.pricePrecision, 2);
  });

  it('recognises columns by name in any case, ignores extra columns and defaults volume to 0', () => {
    const text = 'Extra,CLOSE,low,High,open,DateTime\nz,10.5,9,11,10,2020-01-01 09:15\nz,10.25,10,11,10.5,2020-01-01 09:16\n';
    const bars = parseCsvBars(text, 'm.csv', ID);
    assert.equal(bars.timeframe, '1m');
    assert.deepEqual([...bars.ts], [Date.UTC(2020, 0, 1, 9, 15), Date.UTC(2020, 0, 1, 9, 16)]);
    assert.deepEqual([...bars.open], [10, 10.5]);
    assert.deepEqual([...bars.close], [10.5, 10.25]);
    assert.deepEqual([...bars.volume], [0, 0]);
    assert.equal(bars.pricePrecision, 2);
  });

  it('maps columns by name or index when told to', () => {
    const text = 'a;b;c;d;e;f\n20200102;1;2;0.5;1.5;7\n20200103;1;2;0.5;1.5;8\n';
    const bars = parseCsvBars(text, 'x.csv', { ...ID, delimiter: ';', columns: { time: 'A', open: 1, high: 2, low: 'd', close: 4, volume: 5 } });
    assert.deepEqual([...bars.ts], [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    assert.deepEqual([...bars.volume], [7, 8]);
  });

  it("joins backtrader's Date and Time columns", () => {
    const text = 'Date,Time,Open,High,Low,Close,Volume,OpenInterest\n2006-01-02,09:05:00,3578.73,3587.88,3578.73,3582.99,0,0\n2006-01-02,09:10:00,3583.01,3588.40,3583.01,3588.03,0,0\n';
    const bars = parseCsvBars(text, 'bt.csv', ID);
    assert.deepEqual([...bars.ts], [Date.UTC(2006, 0, 2, 9, 5), Date.UTC(2006, 0, 2, 9, 10)]);
    assert.equal(bars.timeframe, '5m');
  });

  it('reads rows that carry an unnamed time field after the date (header of 7 over rows of 8), CRLF, no final newline', () => {
    const text = 'Date,Open,High,Low,Close,Volume,OpenInterest\r\n2006-01-02,09:01:00,3602.00,3603.00,3597.00,3599.00,5699,0\r\n2006-01-02,09:02:00,3600.00,3601.00,3598.00,3599.00,894,0';
    const bars = parseCsvBars(text, 'min.csv', ID);
    assert.equal(bars.length, 2);
    assert.equal(bars.ts[1], Date.UTC(2006, 0, 2, 9, 2));
    assert.deepEqual([bars.open[0], bars.volume[0], bars.volume[1]], [3602, 5699, 894]);
    assert.equal(bars.pricePrecision, 0);
  });

  it('reads millisecond ISO timestamps with and without a zone, and a byte-order mark', () => {
    const text = '\uFEFFDatetime,Open,High,Low,Close\n2015-09-23T20:57:42.146,1,1,1,1\n2015-09-23T20:57:43.5Z,1,1,1,1\n2015-09-23T22:57:44.000+02:00,1,1,1,1\n';
    const bars = parseCsvBars(text, 't.csv', { ...ID, timeframe: '1s' });
    assert.deepEqual([...bars.ts], [Date.UTC(2015, 8, 23, 20, 57, 42, 146), Date.UTC(2015, 8, 23, 20, 57, 43, 500), Date.UTC(2015, 8, 23, 20, 57, 44)]);
  });

  it('reads YYYYMMDD dates, epoch seconds and epoch milliseconds', () => {
    const day = parseCsvBars('date,open,high,low,close\n20240105,1,1,1,1\n20240108,1,1,1,1\n', 'd.csv', ID);
    assert.deepEqual([...day.ts], [Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 8)]);
    const seconds = parseCsvBars('time,open,high,low,close\n1700000000,1,1,1,1\n1700000060,1,1,1,1\n', 's.csv', ID);
    assert.deepEqual([...seconds.ts], [1_700_000_000_000, 1_700_000_060_000]);
    assert.equal(seconds.timeframe, '1m');
    const millis = parseCsvBars('timestamp,open,high,low,close\n1700000000000,1,1,1,1\n1700000001000,1,1,1,1\n', 'ms.csv', ID);
    assert.deepEqual([...millis.ts], [1_700_000_000_000, 1_700_000_001_000]);
    assert.equal(millis.timeframe, '1s');
  });

  it('reads naive times in the given time zone, correct across daylight saving time', () => {
    const text = 'datetime,open,high,low,close\n2026-01-15 09:30,1,1,1,1\n2026-07-15 09:30,1,1,1,1\n';
    const bars = parseCsvBars(text, 'ny.csv', { ...ID, timeZone: 'America/New_York', timeframe: '1m' });
    assert.deepEqual([...bars.ts], [Date.UTC(2026, 0, 15, 14, 30), Date.UTC(2026, 6, 15, 13, 30)]);
  });

  it('reads the repeated hour when clocks go back as the second occurrence', () => {
    const walls = ['00:30', '01:00', '01:30', '01:00', '01:30', '02:00'];
    const text = `datetime,open,high,low,close\n${walls.map((w) => `2020-11-01 ${w},1,1,1,1`).join('\n')}\n`;
    const bars = parseCsvBars(text, 'fold.csv', { ...ID, timeZone: 'America/New_York' });
    assert.deepEqual([...bars.ts], [4.5, 5, 5.5, 6, 6.5, 7].map((h) => Date.UTC(2020, 10, 1) + h * 3_600_000));
    assert.equal(bars.timeframe, '30m');
  });

  it('rejects a wall time that does not exist when clocks go forward', () => {
    const text = 'datetime,open,high,low,close\n2020-03-08 01:30,1,1,1,1\n2020-03-08 02:30,1,1,1,1\n2020-03-08 03:30,1,1,1,1\n';
    assert.throws(
      () => parseCsvBars(text, 'gap.csv', { ...ID, timeZone: 'America/New_York', timeframe: '1h' }),
      /^ValidationError: gap\.csv:3: time 2020-03-08 02:30 does not exist in America\/New_York \(skipped by a daylight-saving change\)$/,
    );
  });

  it('moves close-stamped rows to their open time', () => {
    const text = 'Date,Time,Open,High,Low,Close\n2006-01-02,09:05:00,1,1,1,1\n2006-01-02,09:10:00,1,1,1,1\n';
    const bars = parseCsvBars(text, 'c.csv', { ...ID, timestampMarks: 'close' });
    assert.deepEqual([...bars.ts], [Date.UTC(2006, 0, 2, 9, 0), Date.UTC(2006, 0, 2, 9, 5)]);
  });

  it('infers a daily timeframe from daily rows with weekend gaps', () => {
    const text = 'date,open,high,low,close\n2024-01-04,1,1,1,1\n2024-01-05,1,1,1,1\n2024-01-08,1,1,1,1\n2024-01-09,1,1,1,1\n';
    assert.equal(parseCsvBars(text, 'd.csv', ID).timeframe, '1d');
  });

  it('reports the decimals the prices need, ignoring trailing zeros, capped at 8', () => {
    const text = 'date,open,high,low,close\n2024-01-04,1.2500,1.5,1.125000,1.25\n2024-01-05,1.123456789012,1.2,1.1,1.2\n';
    const bars = parseCsvBars(text, 'p.csv', ID);
    assert.equal(bars.pricePrecision, 8);
    assert.equal(bars.open[1], 1.123456789012);
    const coarse = parseCsvBars('date,open,high,low,close\n2024-01-04,1.2500,1.5,1.125000,1.25\n', 'p.csv', { ...ID, timeframe: '1d' });
    assert.equal(coarse.pricePrecision, 3);
  });

  it('reads the same numbers Number() would, including negatives and exponents', () => {
    const text = 'date,open,high,low,close,volume\n2024-01-04,-1.5,1e2,-2.25,0.1,1.5E3\n';
    const bars = parseCsvBars(text, 'n.csv', { ...ID, timeframe: '1d' });
    assert.deepEqual([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]], [-1.5, 100, -2.25, 0.1, 1500]);
  });
});
