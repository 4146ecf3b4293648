import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createOrderRateLimitRule, orderRateLimitSchema } from './orderRateLimit.js';

const T = TUESDAY_OPEN_MS;

describe('order-rate-limit rule', () => {
  const rule = createOrderRateLimitRule(orderRateLimitSchema.parse({}));

  function worldWithApprovalsAt(times: readonly number[], accountId = 'acc-1') {
    const world = createWorld();
    for (const ts of times) world.state.recordApproval(makeIntent({ accountId }), ts);
    return world;
  }

  it('passes the 10th order inside one second and rejects the 11th, naming limit and count', () => {
    const nine = worldWithApprovalsAt(Array.from({ length: 9 }, (_, i) => T + i * 100));
    assert.equal(rule.check(makeIntent(), contextFor(nine, 'acc-1', T + 950)).ok, true);
    const ten = worldWithApprovalsAt(Array.from({ length: 10 }, (_, i) => T + i * 100));
    assert.deepEqual(rule.check(makeIntent(), contextFor(ten, 'acc-1', T + 950)), {
      ok: false, limit: 10, observed: 11, reason: 'this would be order 11 of account acc-1 within 1000 ms, limit 10',
    });
  });

  it('slides: an approval exactly one window old no longer counts', () => {
    const world = worldWithApprovalsAt(Array.from({ length: 10 }, (_, i) => T + i * 10));
    assert.equal(rule.check(makeIntent(), contextFor(world, 'acc-1', T + 999)).ok, false);
    assert.equal(rule.check(makeIntent(), contextFor(world, 'acc-1', T + 1_000)).ok, true);
  });

  it('reads the clock, not the intent time', () => {
    const world = worldWithApprovalsAt(Array.from({ length: 10 }, () => T));
    assert.equal(rule.check(makeIntent({ ts: T + 60_000 }), contextFor(world, 'acc-1', T + 500)).ok, false);
  });

  it('counts per account', () => {
    const world = worldWithApprovalsAt(Array.from({ length: 10 }, () => T));
    assert.equal(rule.check(makeIntent({ accountId: 'acc-2' }), contextFor(world, 'acc-2', T)).ok, true);
  });

  it('uses the configured rate', () => {
    const slow = createOrderRateLimitRule(orderRateLimitSchema.parse({ maxOrders: 2, windowMs: 60_000 }));
    const world = worldWithApprovalsAt([T, T + 30_000]);
    assert.equal(slow.check(makeIntent(), contextFor(world, 'acc-1', T + 59_999)).ok, false);
    assert.equal(slow.check(makeIntent(), contextFor(world, 'acc-1', T + 60_000)).ok, true);
  });

  it('refuses a maxOrders beyond the kept history', () => {
    assert.equal(orderRateLimitSchema.safeParse({ maxOrders: 1_001 }).success, false);
    assert.equal(orderRateLimitSchema.safeParse({ maxOrders: 0 }).success, false);
  });
});
