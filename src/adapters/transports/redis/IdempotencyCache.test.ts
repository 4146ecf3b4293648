import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdempotencyCache } from './IdempotencyCache.js';

describe('idempotency cache', () => {
  it('remembers every key used among the last capacity/2 and forgets older ones', () => {
    const cache = new IdempotencyCache(4);
    cache.add('a');
    cache.add('b');
    assert.equal(cache.has('a'), true); // used again: now the most recent
    cache.add('c');
    assert.equal(cache.has('a'), true, 'a is among the last two used');
    cache.add('d');
    cache.add('e');
    assert.equal(cache.has('b'), false, 'b was used long ago');
    assert.equal(cache.has('e'), true);
    assert.equal(cache.has('d'), true);
  });

  it('never holds more than its capacity', () => {
    const cache = new IdempotencyCache(1_000);
    for (let i = 0; i < 10_000; i++) cache.add(`k${i}`);
    assert.ok(cache.size <= 1_000);
    assert.equal(cache.has('k9999'), true);
    assert.equal(cache.has('k9500'), true, 'the last 500 are kept');
    assert.equal(cache.has('k0'), false);
  });

  it('refuses a size below 2', () => {
    assert.throws(() => new IdempotencyCache(1), /at least 2/);
  });
});
