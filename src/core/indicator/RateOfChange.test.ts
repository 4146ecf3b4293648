import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateOfChange } from './RateOfChange.js';

describe('RateOfChange', () => {
  it('compares the price with the one period bars earlier', () => {
    const roc = new RateOfChange(2, { precision: 2 });
    assert.ok(Number.isNaN(roc.update(100)));
    assert.ok(Number.isNaN(roc.update(50)));
    assert.equal(roc.isReady, false);
    assert.equal(roc.update(110), 0.1);
    assert.equal(roc.update(40), -0.2);
    assert.equal(roc.isReady, true);
  });

  it('is exact on the grid: 0.3 after 0.1 → 0.2 is exactly 2', () => {
    const roc = new RateOfChange(1, { precision: 2 });
    roc.update(0.1);
    assert.equal(roc.update(0.3), 2);
  });

  it('is NaN when the older price is 0, and empty after reset', () => {
    const roc = new RateOfChange(1, { precision: 2 });
    roc.update(0);
    assert.ok(Number.isNaN(roc.update(1)));
    roc.reset();
    assert.equal(roc.isReady, false);
  });
});
