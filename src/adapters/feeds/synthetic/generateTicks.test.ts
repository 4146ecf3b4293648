import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toUnits } from '../../../core/index.js';
import { generateTicks, iterateTicks, tickAt } from './generateTicks.js';
import type { GenerateTicksOptions } from './generateTicks.js';

const OPTIONS: GenerateTicksOptions = {
  instrumentId: 'SYN.SIM', count: 2000, startMs: Date.UTC(2024, 0, 2), intervalMs: 250, startPrice: 99.99, volatility: 0.0005, tickSize: 0.01, seed: 1,
};

describe('generateTicks', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    assert.deepEqual(generateTicks(OPTIONS).price, generateTicks(OPTIONS).price);
    assert.deepEqual(generateTicks(OPTIONS).size, generateTicks(OPTIONS).size);
    assert.notDeepEqual(generateTicks(OPTIONS).price, generateTicks({ ...OPTIONS, seed: 2 }).price);
  });

  it('spaces ticks by the interval, starts at the start price and keeps prices on the grid', () => {
    const ticks = generateTicks(OPTIONS);
    assert.equal(ticks.price[0], 99.99);
    for (let i = 0; i < ticks.length; i++) {
      assert.equal(ticks.ts[i], OPTIONS.startMs + i * 250);
      assert.equal(ticks.price[i], toUnits(ticks.price[i]!, 2) / 100);
      assert.ok(ticks.size[i]! >= 1);
    }
  });

  it('hands out ticks as objects by index or in order', () => {
    const ticks = generateTicks({ ...OPTIONS, count: 3 });
    assert.deepEqual(tickAt(ticks, 1), { instrumentId: 'SYN.SIM', ts: OPTIONS.startMs + 250, price: ticks.price[1], size: ticks.size[1] });
    assert.deepEqual([...iterateTicks(ticks)].map((t) => t.ts), [OPTIONS.startMs, OPTIONS.startMs + 250, OPTIONS.startMs + 500]);
  });
});
