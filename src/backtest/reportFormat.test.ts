import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, formatDuration, formatMoney, formatPercent, formatPrice, formatTime } from './reportFormat.js';

describe('report formatting', () => {
  it('writes money with the currency minor digits and thousands separators', () => {
    assert.equal(formatMoney(1234567.5, 'USD'), '1,234,567.50');
    assert.equal(formatMoney(-0.07, 'USD'), '-0.07');
    assert.equal(formatMoney(2597, 'JPY'), '2,597');
    assert.equal(formatMoney(1.5, 'KWD'), '1.500');
  });

  it('writes fractions as percentages with two decimals', () => {
    assert.equal(formatPercent(0.12345), '12.35 %');
    assert.equal(formatPercent(-0.2), '-20.00 %');
  });

  it('writes prices with the instrument decimals, more only for an average', () => {
    assert.equal(formatPrice(10.5, 2), '10.50');
    assert.equal(formatPrice(13.755, 2), '13.755');
    assert.equal(formatPrice(1234, 0), '1,234');
  });

  it('writes UTC times as dates for daily data and to the minute otherwise', () => {
    const ms = Date.UTC(2014, 2, 5, 14, 30);
    assert.equal(formatTime(ms, true), '2014-03-05');
    assert.equal(formatTime(ms, false), '2014-03-05 14:30');
    assert.equal(formatTime(ms + 15_000, false), '2014-03-05 14:30:15');
  });

  it('writes durations in days and hours', () => {
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3 d 4 h');
    assert.equal(formatDuration(90 * 60_000), '1 h 30 m');
    assert.equal(formatDuration(45_000), '45 s');
  });

  it('escapes markup', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
