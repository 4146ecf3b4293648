import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { exceedsPercent, formatPct, percentLimit } from './percentLimit.js';

describe('percent limits', () => {
  it('agree with exact decimal arithmetic for any amounts and limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 52 }),
        fc.integer({ min: 1, max: 2 ** 52 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 3 }),
        (partMinor, wholeMinor, limitUnits, digits) => {
          const pct = limitUnits / 10 ** digits;
          const expected = new Decimal(partMinor).div(wholeMinor).mul(100).gt(new Decimal(limitUnits).div(10 ** digits));
          assert.equal(exceedsPercent(partMinor, wholeMinor, percentLimit(pct)), expected);
        },
      ),
    );
  });

  it('treats a value exactly at the limit as within it', () => {
    assert.equal(exceedsPercent(5, 100, percentLimit(5)), false);
    assert.equal(exceedsPercent(73, 1000, percentLimit(7.3)), false);
    assert.equal(exceedsPercent(731, 10000, percentLimit(7.3)), true);
  });

  it('formats percentages with at most two decimals', () => {
    assert.equal(formatPct(7.3), '7.3');
    assert.equal(formatPct(5), '5');
    assert.equal(formatPct(1 / 3), '0.33');
  });
});
