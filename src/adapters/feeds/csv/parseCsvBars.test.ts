import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/index.js';
import { parseCsvBars } from './parseCsvBars.js';
import type { CsvProblem } from './CsvProblems.js';

const GOOD_ROWS = ['2006-01-02,10.00,11.00,9.50,10.50,100', '2006-01-03,10.50,11.50,10.00,11.00,200', '2006-01-04,11.00,12.00,10.50,11.50,300'];

function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function rejects(text: string, file: string, expected: RegExp, options = {}): ValidationError {
  let caught: unknown;
  try {
    parseCsvBars(text, file, { instrumentId: 'X.SIM', ...options });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${String(caught)}`);
  assert.match(caught.message, expected);
  return caught;
}

describe('parseCsvBars rejects a malformed file naming the file, the line and the problem', () => {
  it('rejects a file without a close column and names the column', () => {
    rejects(csv('Date,Open,High,Low,Volume', '2006-01-02,1,2,0.5,10'), 'nocl.csv', /^nocl\.csv:1: missing required column close \(header has: Date, Open, High, Low, Volume\)$/);
  });

  it('rejects text in a price', () => {
    const text = csv('date,open,high,low,close,volume', GOOD_ROWS[0]!, '2006-01-03,abc,11.50,10.00,11.00,200');
    rejects(text, 'text.csv', /^text\.csv:3: open "abc" is not a number$/);
  });

  it('rejects a high below the low', () => {
    rejects(csv('date,open,high,low,close', '2006-01-02,10,9,10.5,10'), 'hl.csv', /^hl\.csv:2: high 9 is below low 10\.5$/);
  });

  it('rejects an open or close outside [low, high]', () => {
    const error = rejects(csv('date,open,high,low,close', '2006-01-02,12,11,9,10', '2006-01-03,10,11,9,8'), 'range.csv', /2 problems/);
    assert.match(error.message, /range\.csv:2: open 12 is outside \[low 9, high 11\]/);
    assert.match(error.message, /range\.csv:3: close 8 is outside \[low 9, high 11\]/);
  });

  it('rejects a negative volume', () => {
    rejects(csv('date,open,high,low,close,volume', '2006-01-02,10,11,9,10,-5'), 'vol.csv', /^vol\.csv:2: volume -5 is negative$/);
  });

  it('rejects rows out of time order', () => {
    const text = csv('date,open,high,low,close,volume', GOOD_ROWS[0]!, GOOD_ROWS[2]!, GOOD_ROWS[1]!);
    rejects(text, 'order.csv', /^order\.csv:4: time 2006-01-03 is before the previous row's 2006-01-04$/);
  });

  it('rejects a duplicate time', () => {
    const text = csv('date,open,high,low,close,volume', GOOD_ROWS[0]!, GOOD_ROWS[1]!, GOOD_ROWS[1]!);
    rejects(text, 'dup.csv', /^dup\.csv:4: duplicate time 2006-01-03 \(same as line 3\)$/);
  });

  it('keeps rows with the same time when duplicates are allowed (trade prints)', () => {
    const text = csv('date,open,high,low,close,volume', GOOD_ROWS[0]!, GOOD_ROWS[1]!, GOOD_ROWS[1]!);
    const bars = parseCsvBars(text, 'dup.csv', { instrumentId: 'X.SIM', allowDuplicateTimes: true, timeframe: '1d' });
    assert.equal(bars.length, 3);
  });

  it('rejects a row with the wrong number of fields', () => {
    rejects(csv('date,open,high,low,close,volume', GOOD_ROWS[0]!, '2006-01-03,10.50,11.50,10.00'), 'fields.csv', /^fields\.csv:3: expected 6 fields, found 4$/);
  });

  it('rejects an empty file', () => {
    rejects('', 'empty.csv', /^empty\.csv:1: file is empty$/);
    rejects('\n  \r\n', 'blank.csv', /^blank\.csv:1: file is empty$/);
  });

  it('rejects a file with a header and no rows', () => {
    rejects('date,open,high,low,close\n', 'header.csv', /^header\.csv:1: file has a header but no data rows$/);
  });

  it('rejects a date that does not exist', () => {
    rejects(csv('date,open,high,low,close', '2006-02-30,1,1,1,1'), 'feb.csv', /^feb\.csv:2: time "2006-02-30" is not a valid date\/time$/);
  });

  it('rejects an ambiguous dd/mm date unless a date format says which', () => {
    const text = csv('date,open,high,low,close', '02/03/2010,1,1,1,1');
    rejects(text, 'ambiguous.csv', /^ambiguous\.csv:2: date "02\/03\/2010" is ambiguous \(dd\/mm or mm\/dd\)/);
    const dayFirst = parseCsvBars(text, 'a.csv', { instrumentId: 'X.SIM', dateFormat: 'DD/MM/YYYY', timeframe: '1d' });
    assert.equal(dayFirst.ts[0], Date.UTC(2010, 2, 2));
    const monthFirst = parseCsvBars(text, 'a.csv', { instrumentId: 'X.SIM', dateFormat: 'MM/DD/YYYY', timeframe: '1d' });
    assert.equal(monthFirst.ts[0], Date.UTC(2010, 1, 3));
  });

  it('collects every problem into one error, with the problems as data', () => {
    const text = csv('date,open,high,low,close', '2006-01-02,x,1,1,1', '2006-01-03,1,1,1,y');
    const error = rejects(text, 'many.csv', /^many\.csv: 2 problems:\n {2}many\.csv:2: open "x" is not a number\n {2}many\.csv:3: close "y" is not a number$/);
    const problems = error.details?.problems as CsvProblem[];
    assert.deepEqual(problems, [
      { file: 'many.csv', line: 2, problem: 'open "x" is not a number' },
      { file: 'many.csv', line: 3, problem: 'close "y" is not a number' },
    ]);
  });

  it('stops after 20 problems', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `2006-01-${String((i % 28) + 1).padStart(2, '0')},bad,1,1,1`);
    const error = rejects(csv('date,open,high,low,close', ...rows), 'lots.csv', /^lots\.csv: 20 problems \(stopped after 20\):/);
    assert.equal((error.details?.problems as CsvProblem[]).length, 20);
  });

  it('explains that a bid/ask file is not a bar file', () => {
    rejects(csv('TIMESTAMP,BID,ASK', '02/03/2010 16:53:50,0.5346,0.5347'), 'q.csv', /missing required columns open, high, low, close .*looks like a quote \(bid\/ask\) file/);
  });

  it('refuses to guess a timeframe from irregular spacing', () => {
    const text = csv('datetime,open,high,low,close', '2020-01-01 00:00:00,1,1,1,1', '2020-01-01 00:00:07,1,1,1,1', '2020-01-01 00:00:20,1,1,1,1');
    rejects(text, 'irregular.csv', /cannot infer the timeframe: the most common spacing between rows is 7 s.*pass options\.timeframe/);
  });
});
