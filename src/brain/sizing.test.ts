import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { createInstrument, ValidationError } from '../core/index.js';
import { floorMulDiv } from './floorMulDiv.js';
import { parseSizingConfig, roundDownToLot, sizeEntry, type SizingInput } from './sizing.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NYSE', tickSize: 0.01 });
const NIFTY = createInstrument({ symbol: 'NIFTY24NOVFUT', exchange: 'NFO', assetClass: 'FUTURE', currency: 'INR', tickSize: 0.05, lotSize: 25 });
const BTC = createInstrument({ symbol: 'BTCUSD', exchange: 'SIM', assetClass: 'CRYPTO', tickSize: 0.5, lotSize: 0.001 });

const input = (overrides: Partial<SizingInput> = {}): SizingInput => ({
  instrument: ORCL, requested: undefined, price: 100, equityMinor: 10_000_000, accountCurrency: 'USD', atr: Number.NaN, ...overrides,
});
const size = (raw: unknown, overrides: Partial<SizingInput> = {}) => sizeEntry(parseSizingConfig(raw), input(overrides));

describe('position sizing', () => {
  it('fixed quantity, rounded down to the lot', () => {
    assert.deepEqual(size({ mode: 'fixed-quantity', quantity: 100 }), { quantity: 100 });
    assert.deepEqual(size({ mode: 'fixed-quantity', quantity: 60 }, { instrument: NIFTY }), { quantity: 50 });
    assert.deepEqual(size({ mode: 'fixed-quantity', quantity: 20 }, { instrument: NIFTY }), { ignore: 'sized quantity is below one lot (25)' });
  });

  it("an external signal's own quantity wins over the sizing rule", () => {
    assert.deepEqual(size({ mode: 'pct-equity', pctOfEquity: 10 }, { requested: 7 }), { quantity: 7 });
  });

  it('fixed notional: the whole lots that fit at the price, exactly at the boundary', () => {
    assert.deepEqual(size({ mode: 'fixed-notional', notional: 10_000 }, { price: 100 }), { quantity: 100 });
    assert.deepEqual(size({ mode: 'fixed-notional', notional: 10_000 }, { price: 100.01 }), { quantity: 99 });
    // 550,000 INR buys exactly one lot of 25 at 22,000.
    assert.deepEqual(size({ mode: 'fixed-notional', notional: 550_000 }, { instrument: NIFTY, price: 22_000 }), { quantity: 25 });
    assert.ok('ignore' in size({ mode: 'fixed-notional', notional: 549_999.99 }, { instrument: NIFTY, price: 22_000 }));
    assert.deepEqual(size({ mode: 'fixed-notional', notional: 1_000 }, { instrument: BTC, price: 60_000 }), { quantity: 0.016 });
  });

  it('percent of equity: equity 100,000.00 and 10% buy 100 at 100, 99 at 100.01', () => {
    assert.deepEqual(size({ mode: 'pct-equity', pctOfEquity: 10 }), { quantity: 100 });
    assert.deepEqual(size({ mode: 'pct-equity', pctOfEquity: 10 }, { price: 100.01 }), { quantity: 99 });
    assert.deepEqual(size({ mode: 'pct-equity', pctOfEquity: 2.5 }), { quantity: 25 });
  });

  it('percent of equity refuses an instrument in another currency and a non-positive equity', () => {
    assert.match((size({ mode: 'pct-equity', pctOfEquity: 10 }, { instrument: NIFTY, price: 22_000 }) as { ignore: string }).ignore, /no FX/);
    assert.match((size({ mode: 'pct-equity', pctOfEquity: 10 }, { equityMinor: 0 }) as { ignore: string }).ignore, /no positive equity/);
  });

  it('ATR risk: 1% of 100,000.00 at risk with the stop 2 ATRs away', () => {
    // ATR 2.5 → stop 5.00 away → 1,000.00 / 5.00 = 200 shares.
    assert.deepEqual(size({ mode: 'atr-risk', riskPctOfEquity: 1 }, { atr: 2.5 }), { quantity: 200 });
    // ATR 2.501 → stop rounded UP to 5.01 → 199.6 → 199 shares.
    assert.deepEqual(size({ mode: 'atr-risk', riskPctOfEquity: 1 }, { atr: 2.501 }), { quantity: 199 });
    // Futures: whole lots only. NIFTY ATR 100, 1.5 ATRs: 150 INR × 25 = 3,750 INR per lot; 1% of 1,000,000 INR = 2.67 lots → 2.
    const nifty = size({ mode: 'atr-risk', riskPctOfEquity: 1, atrMultiple: 1.5 }, { instrument: NIFTY, accountCurrency: 'INR', equityMinor: 100_000_000, atr: 100 });
    assert.deepEqual(nifty, { quantity: 50 });
  });

  it('ATR risk waits for the ATR to warm up', () => {
    assert.deepEqual(size({ mode: 'atr-risk', riskPctOfEquity: 1, atrPeriod: 14 }), { ignore: 'ATR(14) of ORCL.NYSE is not ready yet' });
  });

  it('validates the sizing configuration, naming the key', () => {
    assert.throws(() => parseSizingConfig({ mode: 'pct-equity', pctOfEquity: -1 }), (e: unknown) => e instanceof ValidationError && /sizing\.pctOfEquity/.test(e.message));
    assert.throws(() => parseSizingConfig({ mode: 'kelly' }), /sizing\.mode/);
    assert.throws(() => parseSizingConfig({ mode: 'fixed-quantity', quantity: 1, extra: 2 }), /extra/);
  });

  it('rounds down to the lot, never up', () => {
    assert.equal(roundDownToLot(74.999, NIFTY), 50);
    assert.equal(roundDownToLot(0.0169, BTC), 0.016);
  });

  it('floorMulDiv is exact, also past 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 2 ** 40 }), (a, b, d) => {
        assert.equal(floorMulDiv(a, b, d), new Decimal(a).mul(b).div(d).floor().toNumber());
      }),
    );
  });
});
