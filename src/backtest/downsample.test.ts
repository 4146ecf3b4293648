import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../core/index.js';
import { downsampleMinMax } from './index.js';

describe('downsampleMinMax', () => {
  it('returns every index when the series is small enough', () => {
    assert.deepEqual(Array.from(downsampleMinMax(Float64Array.of(3, 1, 2), 3, 10)), [0, 1, 2]);
  });

  it('keeps the first, last, highest and lowest points, ascending, within the budget', () => {
    const random = createRandom(1);
    const values = Float64Array.from({ length: 100_000 }, () => random.normal());
    values[31_337] = 50;
    values[77_777] = -50;
    const picked = downsampleMinMax(values, values.length, 1_000);
    assert.ok(picked.length <= 1_000);
    assert.equal(picked[0], 0);
    assert.equal(picked[picked.length - 1], 99_999);
    assert.ok(picked.includes(31_337) && picked.includes(77_777));
    assert.ok(picked.every((index, i) => i === 0 || index > picked[i - 1]!));
  });
});
