import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRiskConfig } from './riskConfig.js';
import { resolveRules } from './resolveRules.js';
import { createTestEngine } from './testEngine.js';
import { makeIntent, NIFTY_FUT } from './testSupport.js';

const config = parseRiskConfig({
  rules: { maxOrderQuantity: { limit: 1_000 } },
  accounts: { 'acc-2': { maxOrderQuantity: { limit: 100 }, minConfidence: { min: 0.9 } } },
  instruments: { 'ORCL.NASDAQ': { maxOrderQuantity: { limit: 50 } }, [NIFTY_FUT.id]: { minConfidence: { enabled: false } } },
});

describe('rule resolution: instrument > account > default, field by field', () => {
  it('resolves each scope', () => {
    assert.deepEqual(resolveRules(config).maxOrderQuantity, { enabled: true, limit: 1_000 });
    assert.deepEqual(resolveRules(config, 'acc-2').maxOrderQuantity, { enabled: true, limit: 100 });
    assert.deepEqual(resolveRules(config, 'acc-2', 'ORCL.NASDAQ').maxOrderQuantity, { enabled: true, limit: 50 });
    assert.deepEqual(resolveRules(config, 'acc-2', NIFTY_FUT.id).minConfidence, { enabled: false, min: 0.9 });
    assert.deepEqual(resolveRules(config, 'acc-1', 'MSFT.NASDAQ').minConfidence, { enabled: true, min: 0.6 });
  });

  it('decides intents with the rules of their account and instrument', () => {
    const { engine } = createTestEngine({
      rules: { maxOrderQuantity: { limit: 1_000 }, maxPositionPct: { enabled: false }, duplicateSignal: { enabled: false }, tradingHours: { enabled: false } },
      accounts: { 'acc-2': { maxOrderQuantity: { limit: 100 } } },
      instruments: { [NIFTY_FUT.id]: { maxOrderQuantity: { limit: 50 } } },
    });
    const orderQuantityRejects = (overrides: Parameters<typeof makeIntent>[0]) => {
      const decision = engine.evaluate(makeIntent(overrides));
      return !decision.approved && decision.rejection.rule === 'max-order-quantity';
    };
    assert.equal(orderQuantityRejects({ quantity: 1_000 }), false);
    assert.equal(orderQuantityRejects({ quantity: 1_001 }), true);
    assert.equal(orderQuantityRejects({ accountId: 'acc-2', quantity: 101 }), true);
    assert.equal(orderQuantityRejects({ instrumentId: NIFTY_FUT.id, quantity: 75 }), true);
  });
});
