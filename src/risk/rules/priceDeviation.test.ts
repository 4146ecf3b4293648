import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent } from '../testSupport.js';
import { createPriceDeviationRule, priceDeviationSchema } from './priceDeviation.js';

// ORCL last traded at 100: 500 bps is 5.00 either side.
describe('price-deviation rule', () => {
  const rule = createPriceDeviationRule(priceDeviationSchema.parse({}));
  const ctx = contextFor(createWorld());
  const limitAt = (limitPrice: number) => makeIntent({ orderType: 'LIMIT', limitPrice });

  it('passes market orders without looking', () => {
    assert.equal(rule.check(makeIntent(), ctx).ok, true);
  });

  it('passes a limit price exactly 500 bps away on either side', () => {
    assert.equal(rule.check(limitAt(105), ctx).ok, true);
    assert.equal(rule.check(limitAt(95), ctx).ok, true);
  });

  it('rejects a limit price one tick further, naming the deviation', () => {
    assert.deepEqual(rule.check(limitAt(105.01), ctx), {
      ok: false, limit: '500bps', observed: '501bps', reason: 'limit price 105.01 is 501 bps from the last trade 100, limit 500 bps',
    });
    assert.equal(rule.check(limitAt(94.99), ctx).ok, false);
  });

  it('takes the limit in percent when maxPct is given (it replaces maxBps)', () => {
    const pct = createPriceDeviationRule(priceDeviationSchema.parse({ maxPct: 1.5 }));
    assert.equal(pct.check(limitAt(101.5), ctx).ok, true);
    const verdict = pct.check(limitAt(101.51), ctx);
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, '1.5%');
  });

  it('fails closed without a last trade or without a limit price', () => {
    const world = createWorld();
    world.portfolio.setLastPrice('ORCL.NASDAQ', Number.NaN);
    assert.equal(rule.check(limitAt(100), contextFor(world)).ok, false);
    assert.equal(rule.check(makeIntent({ orderType: 'LIMIT' }), ctx).ok, false);
  });

  it('leaves stop orders alone (a protective stop is meant to be away from the market)', () => {
    assert.equal(rule.check(makeIntent({ orderType: 'STOP', stopPrice: 80 }), ctx).ok, true);
  });
});
