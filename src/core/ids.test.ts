import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from './clock.js';
import { createIdSource } from './ids.js';

describe('id source', () => {
  it('is deterministic for a seed and sorts by creation', () => {
    const make = (seed: number) => {
      const clock = new SimulatedClock(1_700_000_000_000);
      const ids = createIdSource(clock, seed);
      const out: string[] = [];
      for (let i = 0; i < 1000; i++) {
        if (i % 10 === 0) clock.advanceTo(clock.nowMs() + 1);
        out.push(ids.next());
      }
      return out;
    };
    const a = make(7);
    assert.deepEqual(a, make(7));
    assert.notDeepEqual(a, make(8));
    assert.deepEqual([...a].sort(), a);
    assert.equal(new Set(a).size, a.length);
  });

  it('the simulated clock never moves backwards', () => {
    const clock = new SimulatedClock(10);
    assert.throws(() => clock.advanceTo(5), /cannot move backwards/);
  });
});
