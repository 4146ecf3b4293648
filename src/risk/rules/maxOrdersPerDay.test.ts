import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createMaxOrdersPerDayRule, maxOrdersPerDaySchema } from './maxOrdersPerDay.js';

const DAY_MS = 86_400_000;

describe('max-orders-per-day rule', () => {
  function worldWithApprovals(count: number, ts = TUESDAY_OPEN_MS) {
    const world = createWorld();
    for (let i = 0; i < count; i++) world.state.recordApproval(makeIntent({ ts }));
    return contextFor(world);
  }

  it('defaults to 500 orders per account per day: the 500th passes, the 501st is rejected', () => {
    const rule = createMaxOrdersPerDayRule(maxOrdersPerDaySchema.parse({}));
    assert.equal(rule.check(makeIntent(), worldWithApprovals(499)).ok, true);
    const verdict = rule.check(makeIntent(), worldWithApprovals(500));
    assert.deepEqual(verdict, { ok: false, limit: 500, observed: 501, reason: 'this would be order 501 today for account acc-1, limit 500 per day' });
  });

  it('starts counting again on the next UTC day', () => {
    const rule = createMaxOrdersPerDayRule(maxOrdersPerDaySchema.parse({ limit: 3 }));
    const ctx = worldWithApprovals(3);
    assert.equal(rule.check(makeIntent(), ctx).ok, false);
    const nextMidnight = Math.floor(TUESDAY_OPEN_MS / DAY_MS + 1) * DAY_MS;
    assert.equal(rule.check(makeIntent({ ts: nextMidnight - 1 }), ctx).ok, false);
    assert.equal(rule.check(makeIntent({ ts: nextMidnight }), ctx).ok, true);
  });

  it('counts per account', () => {
    const rule = createMaxOrdersPerDayRule(maxOrdersPerDaySchema.parse({ limit: 3 }));
    const ctx = worldWithApprovals(3);
    assert.equal(rule.check(makeIntent({ accountId: 'acc-2' }), { ...ctx, accountId: 'acc-2' }).ok, true);
  });
});
