import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BarSeries } from '../core/index.js';
import { countBarsInMarket, withBarsHeld, type OpenTrade, type RoundTripTrade } from './index.js';

const DAY = 86_400_000;

function series(count: number, instrumentId = 'ORCL.NASDAQ'): BarSeries {
  const ts = Float64Array.from({ length: count }, (_, i) => i * DAY);
  const flat = new Float64Array(count).fill(10);
  return { instrumentId, timeframe: '1d', length: count, ts, open: flat, high: flat, low: flat, close: flat, volume: flat };
}

function trade(entryBar: number, exitBar: number, instrument = 'ORCL.NASDAQ'): RoundTripTrade {
  return {
    accountId: 'a', instrument, strategyId: 's', currency: 'USD', side: 'LONG', quantity: 1,
    entryTime: entryBar * DAY, entryPrice: 10, exitTime: exitBar * DAY, exitPrice: 10,
    pnl: 0, pnlMinor: 0, commission: 0, commissionMinor: 0, fills: 2,
  };
}

describe('withBarsHeld', () => {
  it('counts the bars from the entry bar up to (not including) the exit bar', () => {
    const [held, other] = withBarsHeld([trade(2, 5), trade(1, 3, 'MSFT.NASDAQ')], series(10));
    assert.equal(held?.bars, 3);
    assert.equal(other?.bars, undefined);
  });

  it('counts one bar for a trade exited inside the bar it entered on', () => {
    const intrabar = { ...trade(4, 4), exitTime: 4 * DAY + 3_600_000 };
    assert.equal(withBarsHeld([intrabar], series(10))[0]?.bars, 1);
  });
});

describe('countBarsInMarket', () => {
  it('counts each bar once however many trades overlap it, and open trades to the end', () => {
    const open: OpenTrade = {
      accountId: 'a', instrument: 'ORCL.NASDAQ', strategyId: 's', currency: 'USD', side: 'SHORT', quantity: 1, openQuantity: 1,
      entryTime: 8 * DAY, entryPrice: 10, commission: 0, commissionMinor: 0, fills: 1,
    };
    // bars 1,2,3 | 2,3,4 overlap → 1..4 ; bars 8 and 9 open
    const count = countBarsInMarket(series(10), [trade(1, 4), trade(2, 5), trade(6, 7, 'MSFT.NASDAQ')], [open]);
    assert.equal(count, 4 + 2);
  });
});
