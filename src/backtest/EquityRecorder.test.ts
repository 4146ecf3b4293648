import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvariantError } from '../core/index.js';
import { EquityRecorder } from './index.js';

describe('EquityRecorder', () => {
  it('keeps every point in order as it grows past its initial capacity', () => {
    const recorder = new EquityRecorder(16);
    for (let i = 0; i < 1_000; i++) recorder.record(i * 1_000, 100_000 + i);
    const curve = recorder.curve();
    assert.equal(curve.length, 1_000);
    assert.equal(curve.ts[999], 999_000);
    assert.equal(curve.valueMinor[500], 100_500);
  });

  it('replaces the value of a second point at the same time', () => {
    const recorder = new EquityRecorder();
    recorder.record(1, 10);
    recorder.record(1, 12);
    assert.deepEqual(Array.from(recorder.curve().valueMinor), [12]);
  });

  it('refuses a point earlier than the previous one', () => {
    const recorder = new EquityRecorder();
    recorder.record(5, 10);
    assert.throws(() => recorder.record(4, 10), InvariantError);
  });
});
