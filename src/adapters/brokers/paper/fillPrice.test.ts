import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument } from '../../../core/index.js';
import { slippedPrice } from './slippedPrice.js';

const CENT = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const NICKEL = createInstrument({ symbol: 'NIFTYFUT', exchange: 'NFO', tickSize: 0.05, lotSize: 25, currency: 'INR' });

describe('slippedPrice', () => {
  it('makes a buyer pay the slippage rounded up to the tick', () => {
    assert.equal(slippedPrice(10.01, 'BUY', 5, CENT), 10.02); // 10.015005
    assert.equal(slippedPrice(100, 'BUY', 3, NICKEL), 100.05); // 100.03
    assert.equal(slippedPrice(100, 'BUY', 5, NICKEL), 100.05); // exactly on the tick stays there
  });

  it('gives a seller the slippage rounded down to the tick', () => {
    assert.equal(slippedPrice(10.01, 'SELL', 5, CENT), 10); // 10.004995
    assert.equal(slippedPrice(100, 'SELL', 3, NICKEL), 99.95); // 99.97
    assert.equal(slippedPrice(100, 'SELL', 10, CENT), 99.9); // exactly on the tick stays there
  });

  it('leaves the price alone without slippage', () => {
    assert.equal(slippedPrice(10.01, 'BUY', 0, CENT), 10.01);
  });
});
