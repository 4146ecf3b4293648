import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecentIds } from './RecentIds.js';

describe('RecentIds', () => {
  it('keeps the newest ids up to its capacity and forgets the oldest first', () => {
    const ids = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    assert.deepEqual([...ids], ['b', 'c', 'd']);
    assert.equal(ids.has('a'), false);
    assert.equal(ids.has('d'), true);
  });

  it('does not count an id twice, and restores from what it iterated (a snapshot) in the same order', () => {
    const ids = new RecentIds(2, ['x', 'x', 'y']);
    assert.equal(ids.add('y'), false, 'already known');
    assert.equal(ids.size, 2);
    assert.deepEqual([...new RecentIds(2, [...ids])], ['x', 'y']);
    assert.deepEqual([...new RecentIds(1, ['x', 'y'])], ['y'], 'a snapshot larger than the capacity keeps its newest');
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RecentIds(0), /positive integer, got 0/);
  });
});
