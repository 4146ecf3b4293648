import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument } from '../../../core/index.js';
import { CommissionModel } from './CommissionModel.js';
import type { CommissionState } from './CommissionModel.js';
import type { CommissionConfig } from './PaperBrokerConfig.js';

const ORCL = createInstrument({ symbol: 'ORCL', exchange: 'NASDAQ', tickSize: 0.01 });
const ES = createInstrument({ symbol: 'ES', exchange: 'CME', tickSize: 0.25, multiplier: 50, assetClass: 'FUTURE' });

/** Charge a sequence of fills of one order; returns each fill's commission in minor units. */
function charges(config: CommissionConfig, fills: readonly (readonly [number, number])[], instrument = ORCL): number[] {
  const model = new CommissionModel(config);
  const state: CommissionState = { fillCount: 0, commissionComputedMinor: 0, commissionChargedMinor: 0 };
  return fills.map(([price, quantity]) => {
    const minor = model.chargeFill(state, instrument, price, quantity);
    state.fillCount += 1;
    return minor;
  });
}

describe('CommissionModel', () => {
  it('charges the per-order fee once, on the first fill', () => {
    assert.deepEqual(charges({ perOrderMinor: 100 }, [[10, 50], [10, 50]]), [100, 0]);
  });

  it('charges per unit rounded half-even to the minor unit', () => {
    assert.deepEqual(charges({ perUnit: 0.005 }, [[10, 101], [10, 103], [10, 1]]), [50, 52, 0]); // 50.5 → 50, 51.5 → 52, 0.5 → 0
  });

  it('charges a share of notional in basis points, fractional ones included', () => {
    assert.deepEqual(charges({ pctOfNotionalBps: 10 }, [[10, 100]]), [100]); // 1,000.00 USD × 0.1%
    assert.deepEqual(charges({ pctOfNotionalBps: 0.5 }, [[10, 100]]), [5]);
    assert.deepEqual(charges({ pctOfNotionalBps: 1 }, [[5000.75, 2], [5000.25, 2]], ES), [5001, 5000]); // 500,075 USD → 5000.75 → 5001; 5000.25 → 5000
  });

  it('makes an order pay at least the minimum over all its fills', () => {
    assert.deepEqual(charges({ perUnit: 0.005, minimumMinor: 100 }, [[10, 50], [10, 300]]), [100, 75]); // owed 25 → 100, then 175 in total
  });

  it('charges nothing when no model is configured', () => {
    assert.deepEqual(charges({}, [[10, 100]]), [0]);
  });
});
