import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createDuplicateSignalRule, duplicateSignalSchema } from './duplicateSignal.js';

describe('duplicate-signal rule', () => {
  const rule = createDuplicateSignalRule(duplicateSignalSchema.parse({}));

  function worldWithApprovedBuy() {
    const world = createWorld();
    world.state.recordApproval(makeIntent({ ts: TUESDAY_OPEN_MS }));
    return contextFor(world);
  }

  it('passes the first intent of its kind', () => {
    assert.equal(rule.check(makeIntent(), contextFor(createWorld())).ok, true);
  });

  it('rejects the same account, strategy, instrument and action less than 60 s after an approval', () => {
    const verdict = rule.check(makeIntent({ ts: TUESDAY_OPEN_MS + 59_999 }), worldWithApprovedBuy());
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 60_000);
    assert.equal(verdict.observed, 59_999);
    assert.match(verdict.reason, /approved 59999 ms ago, window 60000 ms/);
  });

  it('passes the same intent exactly one window later', () => {
    assert.equal(rule.check(makeIntent({ ts: TUESDAY_OPEN_MS + 60_000 }), worldWithApprovedBuy()).ok, true);
  });

  it('passes a different action, strategy, instrument or account inside the window', () => {
    const ctx = worldWithApprovedBuy();
    const ts = TUESDAY_OPEN_MS + 1_000;
    assert.equal(rule.check(makeIntent({ ts, action: 'SHORT', side: 'SELL' }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ ts, strategyId: 'other' }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ ts, instrumentId: 'NIFTY24NOVFUT.NFO' }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ ts, accountId: 'acc-2' }), { ...ctx, accountId: 'acc-2' }).ok, true);
  });

  it('uses the configured window', () => {
    const short = createDuplicateSignalRule(duplicateSignalSchema.parse({ windowMs: 5_000 }));
    assert.equal(short.check(makeIntent({ ts: TUESDAY_OPEN_MS + 4_999 }), worldWithApprovedBuy()).ok, false);
    assert.equal(short.check(makeIntent({ ts: TUESDAY_OPEN_MS + 5_000 }), worldWithApprovedBuy()).ok, true);
  });
});
