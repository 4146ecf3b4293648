import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../core/index.js';
import { TokenBucket } from './TokenBucket.js';

describe('token bucket', () => {
  it('lets a burst through, then one request per refill interval, per caller', () => {
    const clock = new SimulatedClock(0);
    const bucket = new TokenBucket({ burst: 2, perSecond: 4 }, clock);
    assert.deepEqual([bucket.take('a'), bucket.take('a'), bucket.take('a')], [0, 0, 250]);
    assert.equal(bucket.take('b'), 0, 'another caller has its own bucket');
    clock.advanceTo(250);
    assert.deepEqual([bucket.take('a'), bucket.take('a')], [0, 250]);
    clock.advanceTo(10_000);
    assert.deepEqual([bucket.take('a'), bucket.take('a'), bucket.take('a')], [0, 0, 250], 'refills up to the burst, not beyond');
  });

  it('forgets the longest-idle caller when its table is full', () => {
    const clock = new SimulatedClock(0);
    const bucket = new TokenBucket({ burst: 1, perSecond: 0.001 }, clock, 2);
    bucket.take('a');
    bucket.take('b');
    bucket.take('a');
    bucket.take('c'); // evicts b, the longest idle
    assert.equal(bucket.take('b'), 0, 'b starts again with a full bucket');
    assert.ok(bucket.take('c') > 0);
  });

  it('refuses a limit that would let nothing through', () => {
    assert.throws(() => new TokenBucket({ burst: 0, perSecond: 1 }, new SimulatedClock(0)), RangeError);
    assert.throws(() => new TokenBucket({ burst: 1, perSecond: 0 }, new SimulatedClock(0)), RangeError);
  });
});
