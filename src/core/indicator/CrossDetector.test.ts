import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CrossDetector } from './CrossDetector.js';

const feed = (differences: readonly number[]): number[] => {
  const detector = new CrossDetector();
  return differences.map((d) => detector.update(d));
};

describe('CrossDetector', () => {
  it('reports 1 on a cross up and −1 on a cross down', () => {
    assert.deepEqual(feed([-2, -1, 1, 2, -0.5, -1]), [0, 0, 1, 0, -1, 0]);
  });

  it('reports nothing on the first side it sees', () => {
    assert.deepEqual(feed([3, 2]), [0, 0]);
    assert.deepEqual(feed([-3]), [0]);
  });

  it('reports no cross on an equality bar, nor on leaving it in the same direction', () => {
    assert.deepEqual(feed([-1, 0, -1]), [0, 0, 0]);
    assert.deepEqual(feed([1, 0, 0, 1]), [0, 0, 0, 0]);
  });

  it('reports one cross when the difference passes through equality to the other side', () => {
    assert.deepEqual(feed([-1, 0, 1, 0, 1]), [0, 0, 1, 0, 0]);
    assert.deepEqual(feed([1, 0, 0, -1]), [0, 0, 0, -1]);
  });

  it('ignores NaN (a warming-up input) and establishes no side from zero', () => {
    const detector = new CrossDetector();
    assert.equal(detector.update(Number.NaN), 0);
    assert.equal(detector.update(0), 0);
    assert.equal(detector.isReady, false);
    detector.update(-1);
    assert.equal(detector.side, -1);
    assert.equal(detector.update(Number.NaN), 0);
    assert.equal(detector.update(1), 1);
    detector.reset();
    assert.equal(detector.isReady, false);
    assert.equal(detector.update(-1), 0);
  });
});
