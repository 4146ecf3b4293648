import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, NIFTY_FUT } from '../testSupport.js';
import { createMaxOrderNotionalRule, maxOrderNotionalSchema } from './maxOrderNotional.js';

describe('max-order-notional rule', () => {
  const rule = createMaxOrderNotionalRule(maxOrderNotionalSchema.parse({ limit: 10_000 }));

  it('values a market order at the last trade: exactly the limit passes, one cent more is rejected', () => {
    const world = createWorld();
    assert.equal(rule.check(makeIntent({ quantity: 100 }), contextFor(world)).ok, true);
    world.portfolio.setLastPrice('ORCL.NASDAQ', 100.01);
    assert.deepEqual(rule.check(makeIntent({ quantity: 100 }), contextFor(world)), {
      ok: false, limit: 10_000, observed: 10_001, reason: 'order value 10001.00 USD (100 at 100.01) exceeds the limit 10000 USD',
    });
  });

  it('values a limit order at its limit price', () => {
    const ctx = contextFor(createWorld());
    assert.equal(rule.check(makeIntent({ quantity: 200, orderType: 'LIMIT', limitPrice: 50 }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ quantity: 200, orderType: 'LIMIT', limitPrice: 50.01 }), ctx).ok, false);
  });

  it('counts the contract multiplier and the instrument currency (INR for NFO)', () => {
    const world = createWorld();
    world.portfolio.setLastPrice(NIFTY_FUT.id, 22_000);
    const inr = createMaxOrderNotionalRule(maxOrderNotionalSchema.parse({ limit: 550_000 }));
    assert.equal(inr.check(makeIntent({ instrumentId: NIFTY_FUT.id, quantity: 25 }), contextFor(world)).ok, true);
    const verdict = inr.check(makeIntent({ instrumentId: NIFTY_FUT.id, quantity: 50 }), contextFor(world));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /1100000\.00 INR/);
  });

  it('rejects when there is no price to value the order', () => {
    const world = createWorld();
    world.portfolio.setLastPrice('ORCL.NASDAQ', Number.NaN);
    const verdict = rule.check(makeIntent(), contextFor(world));
    assert.ok(!verdict.ok);
    assert.equal(verdict.observed, 'no price');
  });
});
