import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../core/index.js';
import { defaultRiskConfig, parseRiskConfig } from './riskConfig.js';

describe('risk configuration', () => {
  it('has every rule enabled with the documented defaults', () => {
    assert.deepEqual(defaultRiskConfig(), {
      rules: {
        minConfidence: { enabled: true, min: 0.6 },
        tradingHours: { enabled: true, allowExitsOutsideHours: false },
        duplicateSignal: { enabled: true, windowMs: 60_000 },
        maxOrdersPerDay: { enabled: true, limit: 500 },
        maxOpenPositionsPerInstrument: { enabled: true, limit: 2 },
        maxPositionPct: { enabled: true, limitPct: 5 },
      },
    });
  });

  it('fills the defaults around a partial configuration', () => {
    const config = parseRiskConfig({ rules: { maxPositionPct: { limitPct: 10 }, duplicateSignal: { enabled: false } } });
    assert.deepEqual(config.rules.maxPositionPct, { enabled: true, limitPct: 10 });
    assert.deepEqual(config.rules.duplicateSignal, { enabled: false, windowMs: 60_000 });
    assert.deepEqual(config.rules.minConfidence, { enabled: true, min: 0.6 });
  });

  it('rejects a value of the wrong type with a message naming the key path', () => {
    assert.throws(
      () => parseRiskConfig({ rules: { maxPositionPct: { limitPct: '5' } } }),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.code === 'VALIDATION_FAILED' &&
        error.message.includes('rules.maxPositionPct.limitPct: expected number, got string'),
    );
  });

  it('rejects unknown keys', () => {
    assert.throws(() => parseRiskConfig({ rules: { maxPositionPct: { limitPercent: 5 } } }), /rules\.maxPositionPct\.limitPercent: unknown key/);
    assert.throws(() => parseRiskConfig({ rules: { maxNotional: {} } }), /rules\.maxNotional: unknown key/);
  });

  it('rejects values out of range, naming key and value', () => {
    assert.throws(() => parseRiskConfig({ rules: { minConfidence: { min: 1.5 } } }), /rules\.minConfidence\.min: .*<=1 \(1\.5\)/);
    assert.throws(() => parseRiskConfig({ rules: { duplicateSignal: { windowMs: 1.5 } } }), /rules\.duplicateSignal\.windowMs/);
  });

  it('rejects a configuration that is not an object', () => {
    assert.throws(() => parseRiskConfig('strict'), /\(root\): expected object, got string/);
  });
});
