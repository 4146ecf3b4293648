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
        orderRateLimit: { enabled: true, maxOrders: 10, windowMs: 1_000 },
        duplicateSignal: { enabled: true, windowMs: 60_000 },
        maxOrdersPerDay: { enabled: true, limit: 500 },
        maxOrdersPerInstrumentPerDay: { enabled: true, limit: 500 },
        priceDeviation: { enabled: true, maxBps: 500 },
        liquidityGuard: { enabled: true, maxPctOfAvgVolume: 10, lookbackBars: 20, resize: true, whenNoVolume: 'pass' },
        maxOrderQuantity: { enabled: true, limit: 1_000_000 },
        maxOrderNotional: { enabled: true, limit: 10_000_000 },
        maxOpenPositionsPerInstrument: { enabled: true, limit: 2 },
        maxPositionPct: { enabled: true, limitPct: 5 },
        maxGrossExposure: { enabled: true, limitPct: 100, action: 'REDUCING' },
        maxNetExposure: { enabled: true, limitPct: 100, action: 'REDUCING' },
        maxDailyLoss: { enabled: true, limitPct: 5, action: 'HALTED' },
        maxDrawdown: { enabled: true, limitPct: 20, action: 'REDUCING' },
      },
      accounts: {},
      instruments: {},
      holidays: {},
      monitor: { intervalMs: 900_000 },
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

describe('risk configuration: scopes, holidays and messages', () => {
  const problemsOf = (raw: unknown): string[] => {
    try {
      parseRiskConfig(raw);
      return [];
    } catch (error) {
      assert.ok(error instanceof ValidationError);
      return (error.details?.problems as string[] | undefined) ?? [];
    }
  };

  it('keeps account and instrument overrides as written (no defaults filled in)', () => {
    const config = parseRiskConfig({ accounts: { 'acc-1': { maxDailyLoss: { limitPct: 2 } } }, instruments: { 'NIFTY.NSE': { liquidityGuard: { resize: false } } } });
    assert.deepEqual(config.accounts, { 'acc-1': { maxDailyLoss: { limitPct: 2 } } });
    assert.deepEqual(config.instruments, { 'NIFTY.NSE': { liquidityGuard: { resize: false } } });
  });

  it('names the key of a bad override, quoting ids that contain dots', () => {
    assert.deepEqual(problemsOf({ instruments: { 'NIFTY.NSE': { maxOrderQuantity: { limit: -5 } } } }), [
      'instruments["NIFTY.NSE"].maxOrderQuantity.limit: Too small: expected number to be >0 (-5)',
    ]);
    assert.deepEqual(problemsOf({ accounts: { 'acc-1': { maxDrawdown: { action: 'PAUSE' } } } }), [
      'accounts.acc-1.maxDrawdown.action: Invalid option: expected one of "REDUCING"|"HALTED" ("PAUSE")',
    ]);
  });

  it('suggests the key that was probably meant', () => {
    assert.deepEqual(problemsOf({ rules: { maxPositionPct: { limitPercent: 5 } } }), ['rules.maxPositionPct.limitPercent: unknown key (did you mean limitPct?)']);
    assert.deepEqual(problemsOf({ accounts: { a: { maxDailyLos: {} } } }), ['accounts.a.maxDailyLos: unknown key (did you mean maxDailyLoss?)']);
    assert.deepEqual(problemsOf({ rule: {} }), ['rule: unknown key (did you mean rules?)']);
    assert.match(problemsOf({ monitor: { everyMs: 5 } })[0]!, /monitor\.everyMs: unknown key \(allowed: intervalMs\)/);
  });

  it('reports every problem at once', () => {
    assert.equal(problemsOf({ rules: { minConfidence: { min: 'high' }, maxOrderQuantity: { limit: 0 } }, holidays: { NSE: 'x' } }).length, 3);
  });

  it('validates holiday lists as real dates per exchange', () => {
    assert.deepEqual(parseRiskConfig({ holidays: { NSE: ['2024-01-26', '2024-03-08'] } }).holidays, { NSE: ['2024-01-26', '2024-03-08'] });
    assert.deepEqual(problemsOf({ holidays: { NSE: ['2024-02-30'] } }), ['holidays.NSE[0]: expected a date YYYY-MM-DD ("2024-02-30")']);
    assert.deepEqual(problemsOf({ holidays: { NYSE: '2024-07-04' } }), ['holidays.NYSE: expected array, got string ("2024-07-04")']);
  });
});
