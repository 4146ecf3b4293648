import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FortressError, ValidationError } from '../core/index.js';
import { createDefaultStrategyRegistry } from './createDefaultStrategyRegistry.js';
import { smaCrossover } from './builtin/smaCrossover.js';

const setup = { instrumentIds: ['ORCL.NASDAQ'], timeframe: '1d' } as const;

function validationMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal((error as FortressError).code, 'VALIDATION_FAILED');
    return error.message;
  }
  assert.fail('expected a ValidationError');
}

describe('StrategyRegistry', () => {
  it('lists every built-in with its description and a JSON schema of its parameters', () => {
    const list = createDefaultStrategyRegistry().list();
    assert.deepEqual(list.map((s) => s.name), ['external', 'mean-reversion', 'momentum', 'rsi', 'sma-crossover', 'trend-crossover']);
    const sma = list.find((s) => s.name === 'sma-crossover')!;
    assert.deepEqual(sma.paramNames, ['fast', 'slow', 'confidence', 'pricePrecision']);
    const properties = sma.paramsSchema['properties'] as Record<string, { default?: unknown; type?: unknown }>;
    assert.equal(properties['fast']!.default, 10);
    assert.equal(properties['slow']!.default, 30);
    assert.equal(sma.paramsSchema['additionalProperties'], false);
  });

  it('creates a strategy from CLI strings, coercing numbers', () => {
    const strategy = createDefaultStrategyRegistry().create('sma-crossover', { fast: '5', slow: '20' }, setup);
    assert.deepEqual(strategy.subscriptions, [{ instrumentId: 'ORCL.NASDAQ', timeframe: '1d' }]);
  });

  it('applies defaults with confidence high enough for the default minimum-confidence rule (≥ 0.6)', () => {
    const registry = createDefaultStrategyRegistry();
    for (const { name, paramNames } of registry.list()) {
      if (!paramNames.includes('confidence')) continue; // `external` signals nothing itself
      const parsed = registry.get(name)!.params.parse({}) as { confidence: number };
      assert.ok(parsed.confidence >= 0.6, `${name}: ${parsed.confidence}`);
    }
    assert.deepEqual(smaCrossover.params.parse({}), { fast: 10, slow: 30, confidence: 1 });
  });

  it('rejects fast ≥ slow with a ValidationError naming the parameter', () => {
    const message = validationMessage(() => createDefaultStrategyRegistry().create('sma-crossover', { fast: '50' }, setup));
    assert.equal(message, 'strategy "sma-crossover": parameter "fast": must be less than slow (30), got 50');
  });

  it('rejects a value that is not a number, naming the parameter', () => {
    const message = validationMessage(() => createDefaultStrategyRegistry().create('sma-crossover', { slow: 'abc' }, setup));
    assert.match(message, /parameter "slow": .*expected number/);
  });

  it('rejects a non-integer period and a confidence above 1, naming both', () => {
    const message = validationMessage(() => createDefaultStrategyRegistry().create('sma-crossover', { fast: '2.5', confidence: 2 }, setup));
    assert.match(message, /parameter "fast": must be an integer/);
    assert.match(message, /parameter "confidence": .*<=1/);
  });

  it('rejects an unknown parameter, naming it and listing the known ones', () => {
    const message = validationMessage(() => createDefaultStrategyRegistry().create('sma-crossover', { fsat: '5' }, setup));
    assert.equal(message, 'strategy "sma-crossover": unknown parameter "fsat" (known: fast, slow, confidence, pricePrecision)');
  });

  it('rejects an unknown strategy, listing the known ones', () => {
    const message = validationMessage(() => createDefaultStrategyRegistry().create('golden-goose', {}, setup));
    assert.equal(message, 'unknown strategy "golden-goose" (known: external, mean-reversion, momentum, rsi, sma-crossover, trend-crossover)');
  });

  it('rejects a setup without instruments and a duplicate registration', () => {
    const registry = createDefaultStrategyRegistry();
    assert.match(validationMessage(() => registry.create('rsi', {}, { instrumentIds: [], timeframe: '1d' })), /at least one instrument/);
    assert.match(validationMessage(() => registry.register(smaCrossover)), /already registered/);
  });
});
