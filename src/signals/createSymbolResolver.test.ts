import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument, createInstrumentProvider } from '../core/index.js';
import { createSymbolResolver } from './createSymbolResolver.js';

const instruments = createInstrumentProvider([
  createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', currency: 'INR', tickSize: 0.05, lotSize: 25 }),
  createInstrument({ symbol: 'RELIANCE', exchange: 'NSE', currency: 'INR', tickSize: 0.05 }),
  createInstrument({ symbol: 'RELIANCE', exchange: 'BSE', currency: 'INR', tickSize: 0.05 }),
  createInstrument({ symbol: 'BRK.B', exchange: 'NYSE' }),
]);
const resolve = createSymbolResolver(instruments);

describe('symbol resolver', () => {
  it('resolves a bare symbol held by exactly one instrument, in any case', () => {
    assert.deepEqual(resolve('NIFTY24NOVFUT'), { instrumentId: 'NIFTY24NOVFUT.NFO' });
    assert.deepEqual(resolve('nifty24novfut'), { instrumentId: 'NIFTY24NOVFUT.NFO' });
    assert.deepEqual(resolve('BRK.B'), { instrumentId: 'BRK.B.NYSE' });
  });

  it('resolves SYMBOL.EXCHANGE and TradingView EXCHANGE:SYMBOL', () => {
    assert.deepEqual(resolve('RELIANCE.BSE'), { instrumentId: 'RELIANCE.BSE' });
    assert.deepEqual(resolve('NSE:RELIANCE'), { instrumentId: 'RELIANCE.NSE' });
    assert.deepEqual(resolve('reliance.nse'), { instrumentId: 'RELIANCE.NSE' });
  });

  it('names an ambiguous symbol and an unknown one with the configured instruments', () => {
    assert.deepEqual(resolve('RELIANCE'), { problem: 'symbol "RELIANCE" is ambiguous: RELIANCE.NSE, RELIANCE.BSE (write SYMBOL.EXCHANGE)' });
    const unknown = resolve('TCS');
    assert.ok('problem' in unknown);
    assert.match(unknown.problem, /unknown symbol "TCS" \(configured instruments: NIFTY24NOVFUT.NFO, RELIANCE.NSE, RELIANCE.BSE, BRK.B.NYSE\)/);
  });
});
