import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addFixed, decimalsOf, divRoundHalfEven, mulDivRound, notionalMinor, roundToTick, toUnits } from './fixed.js';

describe('fixed-point helpers', () => {
  it('adds prices on the grid without drift', () => {
    let total = 0;
    for (let i = 0; i < 1000; i++) total = addFixed(total, 0.1, 2);
    assert.equal(total, 100);
    assert.notEqual(Array.from({ length: 1000 }, () => 0.1).reduce((a, b) => a + b, 0), 100);
  });

  it('rounds half to even in integer division, for both signs', () => {
    assert.equal(divRoundHalfEven(5, 2), 2);
    assert.equal(divRoundHalfEven(7, 2), 4);
    assert.equal(divRoundHalfEven(-5, 2), -2);
    assert.equal(divRoundHalfEven(-7, 2), -4);
    assert.equal(divRoundHalfEven(14, 10), 1);
    assert.equal(divRoundHalfEven(16, 10), 2);
  });

  it('computes notionals exactly in minor units, including beyond the safe-integer range', () => {
    assert.equal(notionalMinor(4.17627, 100, 6, 0, 2), 41763); // 417.627 → 417.63 (half-even not involved)
    assert.equal(notionalMinor(0.125, 1, 3, 0, 2), 12); // 0.125 → 0.12 (half to even)
    assert.equal(notionalMinor(0.135, 1, 3, 0, 2), 14); // 0.135 → 0.14 (half to even)
    assert.equal(notionalMinor(25000.05, 50, 2, 0, 2, 1), 125000250);
    assert.equal(notionalMinor(98765.4321, 123456.789, 4, 3, 2), mulDivRound(987654321, 123456789, 10 ** 5));
    const big = notionalMinor(123_456.123457, 999_999, 6, 0, 2); // units product 1.2e17 > 2^53
    assert.equal(big, Number((123_456_123_457n * 999_999n + 5_000n) / 10_000n));
    assert.throws(() => notionalMinor(9_999_999.123456, 9_999_999, 6, 0, 2), /exceeds the exact money range/);
  });

  it('snaps to the tick in the asked direction', () => {
    assert.equal(roundToTick(100.031, 0.05, 2, 'up'), 100.05);
    assert.equal(roundToTick(100.031, 0.05, 2, 'down'), 100);
    assert.equal(roundToTick(100.05, 0.05, 2, 'up'), 100.05);
    assert.equal(roundToTick(100.024, 0.05, 2, 'nearest'), 100);
  });

  it('finds the decimals of a value and refuses unsafe units', () => {
    assert.equal(decimalsOf(0.05), 2);
    assert.equal(decimalsOf(1), 0);
    assert.equal(decimalsOf(4.17627), 5);
    assert.throws(() => toUnits(1e12, 6), /not representable/);
  });
});
