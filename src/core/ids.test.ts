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

  it('writes each id as the time and the seeded sequence in base 36, across every carry of its digits', () => {
    const clock = new SimulatedClock(1_700_000_000_000);
    const ids = createIdSource(clock, 3);
    // The sequence the seed starts from, as the first id gives it; then plain counting in base 36, padded to 7.
    let sequence = parseInt(ids.next().slice(9), 36);
    const timePart = (1_700_000_000_000).toString(36).padStart(9, '0');
    for (let i = 0; i < 50_000; i++) {
      sequence += 1;
      assert.equal(ids.next(), timePart + sequence.toString(36).padStart(7, '0'));
    }
  });

  it('the simulated clock never moves backwards', () => {
    const clock = new SimulatedClock(10);
    assert.throws(() => clock.advanceTo(5), /cannot move backwards/);
  });
});
