import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRiskConfig } from './riskConfig.js';
import { createTestEngine } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

describe('applying a configuration to the running engine', () => {
  it('takes effect for the next intent, keeps the counters and emits RiskConfigChanged listing the changes', () => {
    const { engine, events } = createTestEngine();
    assert.equal(engine.evaluate(makeIntent({ confidence: 0.65 })).approved, true);
    const changes = engine.applyConfig(parseRiskConfig({ rules: { minConfidence: { min: 0.7 } }, accounts: { 'acc-9': { maxOrdersPerDay: { limit: 3 } } } }), 'file:risk_rules.yaml');
    assert.deepEqual(changes, ['accounts.acc-9.maxOrdersPerDay.limit: (unset) → 3', 'rules.minConfidence.min: 0.6 → 0.7']);
    const changed = events.find((e) => e.type === 'RiskConfigChanged');
    assert.ok(changed?.type === 'RiskConfigChanged');
    assert.deepEqual(changed.payload, { source: 'file:risk_rules.yaml', changes });
    assert.equal(engine.evaluate(makeIntent({ confidence: 0.65, strategyId: 'b', ts: TUESDAY_OPEN_MS + 1 })).approved, false);
    assert.equal(engine.state.ordersOnDay('acc-1', Math.floor(TUESDAY_OPEN_MS / 86_400_000)), 1);
  });

  it('does nothing, and emits nothing, for an identical configuration', () => {
    const { engine, events } = createTestEngine();
    assert.deepEqual(engine.applyConfig(parseRiskConfig({}), 'file:x'), []);
    assert.equal(events.length, 0);
  });

  it('checks the limits at once: a tightened limit that is already broken trips', () => {
    const { engine, world } = createTestEngine({}, { accountIds: ['acc-1'] });
    world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 3_000);
    engine.applyConfig(parseRiskConfig({ rules: { maxGrossExposure: { limitPct: 20 } } }), 'ops');
    assert.equal(engine.tradingStatus.state, 'REDUCING');
    assert.equal(engine.tradingStatus.by, 'max-gross-exposure');
  });

  it('reports a rejected configuration as an error naming the keys, and keeps the old one', () => {
    const { engine, events } = createTestEngine();
    engine.reportConfigError('file:risk_rules.yaml', ['rules.minConfidence.min: expected number, got string ("high")']);
    const error = events.find((e) => e.type === 'ErrorRaised');
    assert.ok(error?.type === 'ErrorRaised');
    assert.equal(error.payload.code, 'RISK_CONFIG_INVALID');
    assert.match(error.payload.message, /rules\.minConfidence\.min/);
    assert.equal(engine.config.rules.minConfidence.min, 0.6);
  });
});
