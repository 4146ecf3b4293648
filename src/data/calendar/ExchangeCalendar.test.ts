import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../core/index.js';
import { ExchangeCalendar } from './ExchangeCalendar.js';

const calendar = new ExchangeCalendar({ holidays: { NSE: ['2026-01-26'], NYSE: ['2026-07-03'] } });
const utc = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min);

describe('ExchangeCalendar', () => {
  it('opens NYSE at 09:30 and closes it at 16:00 New York time in winter (UTC-5)', () => {
    assert.equal(calendar.isOpen('NYSE', utc(2026, 1, 15, 14, 29)), false);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 1, 15, 14, 30)), true);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 1, 15, 20, 59)), true);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 1, 15, 21, 0)), false);
  });

  it('opens NYSE at 09:30 and closes it at 16:00 New York time in summer (UTC-4)', () => {
    assert.equal(calendar.isOpen('NYSE', utc(2026, 7, 15, 13, 29)), false);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 7, 15, 13, 30)), true);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 7, 15, 19, 59)), true);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 7, 15, 20, 0)), false);
    assert.equal(calendar.isOpen('NASDAQ', utc(2026, 7, 15, 13, 30)), true);
  });

  it('keeps NSE open 09:15–15:30 India time', () => {
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 15, 3, 44)), false);
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 15, 3, 45)), true);
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 15, 9, 59)), true);
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 15, 10, 0)), false);
  });

  it('is closed on weekends and configured holidays', () => {
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 17, 5)), false, 'Saturday');
    assert.equal(calendar.isOpen('NYSE', utc(2026, 1, 18, 15)), false, 'Sunday');
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 26, 5)), false, 'Republic Day');
    assert.equal(calendar.isOpen('NSE', utc(2026, 1, 27, 5)), true);
    assert.equal(calendar.isOpen('NYSE', utc(2026, 7, 3, 15)), false, 'Independence Day observed');
  });

  it('looks only at the date for daily bars, dispatched at their last millisecond, however they are stamped', () => {
    const end = (ms: number): number => ms + 86_400_000 - 1; // a daily bar is known at the end of its day
    assert.equal(calendar.isOpen('NYSE', end(utc(2026, 1, 15)), '1d'), true, 'Thursday bar stamped at UTC midnight');
    assert.equal(calendar.isOpen('NYSE', end(utc(2026, 1, 16)), '1d'), true, 'Friday bar stamped at UTC midnight');
    assert.equal(calendar.isOpen('NYSE', end(utc(2026, 1, 17)), '1d'), false, 'Saturday');
    assert.equal(calendar.isOpen('NSE', end(utc(2026, 1, 26)), '1d'), false, 'holiday');
    assert.equal(calendar.isOpen('NSE', end(utc(2026, 1, 26, 18, 30)), '1d'), true, 'Tuesday 27th stamped at India midnight');
    assert.equal(calendar.isOpen('NSE', end(utc(2026, 1, 25, 18, 30)), '1d'), false, 'Monday 26th stamped at India midnight');
  });

  it('keeps SIM always open and treats unknown exchanges by policy', () => {
    assert.equal(calendar.isOpen('SIM', utc(2026, 1, 17, 3)), true);
    assert.equal(calendar.isOpen('LSE', utc(2026, 1, 17, 3)), true);
    const strict = new ExchangeCalendar({ unknownExchange: 'closed' });
    assert.equal(strict.isOpen('LSE', utc(2026, 1, 15, 12)), false);
    assert.equal(strict.sessionFor('LSE', utc(2026, 1, 15, 12)), undefined);
    assert.equal(strict.nextOpen('LSE', utc(2026, 1, 15, 12)), undefined);
  });

  it('accepts exchanges from configuration', () => {
    const withLondon = new ExchangeCalendar({ exchanges: { LSE: { timeZone: 'Europe/London', open: '08:00', close: '16:30' } } });
    assert.equal(withLondon.isOpen('LSE', utc(2026, 7, 15, 7, 0)), true, '08:00 BST');
    assert.equal(withLondon.isOpen('LSE', utc(2026, 1, 15, 7, 59)), false, '07:59 GMT');
  });

  it('gives the session of a day in epoch ms, DST-correct', () => {
    assert.deepEqual(calendar.sessionFor('NYSE', utc(2026, 1, 15, 12)), { exchange: 'NYSE', date: '2026-01-15', openMs: utc(2026, 1, 15, 14, 30), closeMs: utc(2026, 1, 15, 21) });
    assert.deepEqual(calendar.sessionOn('NYSE', '2026-07-15'), { exchange: 'NYSE', date: '2026-07-15', openMs: utc(2026, 7, 15, 13, 30), closeMs: utc(2026, 7, 15, 20) });
    assert.deepEqual(calendar.sessionOn('NSE', '2026-01-27'), { exchange: 'NSE', date: '2026-01-27', openMs: utc(2026, 1, 27, 3, 45), closeMs: utc(2026, 1, 27, 10) });
    assert.equal(calendar.sessionOn('NSE', '2026-01-26'), undefined);
    assert.equal(calendar.sessionOn('NYSE', '2026-01-17'), undefined);
  });

  it('finds the next open across weekends and holidays', () => {
    assert.equal(calendar.nextOpen('NYSE', utc(2026, 1, 15, 10)), utc(2026, 1, 15, 14, 30), 'before the open: today');
    assert.equal(calendar.nextOpen('NYSE', utc(2026, 1, 16, 21, 30)), utc(2026, 1, 19, 14, 30), 'Friday after the close: Monday');
    assert.equal(calendar.nextOpen('NSE', utc(2026, 1, 23, 12)), utc(2026, 1, 27, 3, 45), 'Friday evening: Tuesday after the holiday');
    assert.equal(calendar.nextOpen('SIM', 123), 123);
  });

  it('refuses malformed configuration with a message naming the key', () => {
    assert.throws(() => new ExchangeCalendar({ holidays: { NSE: ['2026-1-26'] } }), /holidays\.NSE\[0\]: "2026-1-26" is not a date/);
    assert.throws(() => new ExchangeCalendar({ holidays: { NSE: ['2026-02-30'] } }), ValidationError);
    assert.throws(() => new ExchangeCalendar({ exchanges: { X: { timeZone: 'Mars/Olympus', open: '09:00', close: '17:00' } } }), /X: timeZone "Mars\/Olympus"/);
    assert.throws(() => new ExchangeCalendar({ exchanges: { X: { timeZone: 'UTC', open: '9am', close: '17:00' } } }), /X: open "9am" is not a time HH:MM/);
  });

  it('answers isOpen fast from the cached day', () => {
    const start = performance.now();
    let open = 0;
    for (let i = 0; i < 200_000; i++) if (calendar.isOpen('NYSE', utc(2026, 1, 15, 14) + i * 100)) open++;
    const elapsedMs = performance.now() - start;
    assert.ok(open > 0);
    assert.ok(elapsedMs < 500, `200k isOpen calls took ${elapsedMs.toFixed(0)} ms`);
  });
});
