import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent } from '../testSupport.js';
import { createMaxOrderQuantityRule, maxOrderQuantitySchema } from './maxOrderQuantity.js';

describe('max-order-quantity rule', () => {
  const rule = createMaxOrderQuantityRule(maxOrderQuantitySchema.parse({ limit: 500 }));
  const ctx = contextFor(createWorld());

  it('passes an order of exactly the limit and rejects one unit more', () => {
    assert.equal(rule.check(makeIntent({ quantity: 500 }), ctx).ok, true);
    assert.deepEqual(rule.check(makeIntent({ quantity: 501 }), ctx), {
      ok: false, limit: 500, observed: 501, reason: 'order quantity 501 ORCL.NASDAQ exceeds the limit 500',
    });
  });

  it('applies to exits too (a fat finger is a fat finger)', () => {
    assert.equal(rule.check(makeIntent({ action: 'SELL', side: 'SELL', reduceOnly: true, quantity: 501 }), ctx).ok, false);
  });

  it('decides fractional quantities exactly', () => {
    const crypto = createMaxOrderQuantityRule(maxOrderQuantitySchema.parse({ limit: 0.3 }));
    assert.equal(crypto.check(makeIntent({ quantity: 0.3 }), ctx).ok, true);
    assert.equal(crypto.check(makeIntent({ quantity: 0.30000001 }), ctx).ok, false);
  });

  it('rejects a NaN quantity', () => {
    assert.equal(rule.check(makeIntent({ quantity: Number.NaN }), ctx).ok, false);
  });
});
