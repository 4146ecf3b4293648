import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent } from '../testSupport.js';
import { createMinConfidenceRule, minConfidenceSchema } from './minConfidence.js';

describe('min-confidence rule', () => {
  const rule = createMinConfidenceRule(minConfidenceSchema.parse({}));
  const ctx = contextFor(createWorld());

  it('rejects an intent whose confidence is below the default minimum of 0.6', () => {
    const verdict = rule.check(makeIntent({ confidence: 0.59 }), ctx);
    assert.deepEqual(verdict, { ok: false, limit: 0.6, observed: 0.59, reason: 'confidence 0.59 is below the minimum 0.6' });
  });

  it('passes an intent exactly at the minimum', () => {
    assert.equal(rule.check(makeIntent({ confidence: 0.6 }), ctx).ok, true);
  });

  it('passes an intent above the minimum', () => {
    assert.equal(rule.check(makeIntent({ confidence: 0.95 }), ctx).ok, true);
  });

  it('rejects a NaN confidence rather than letting it through', () => {
    assert.equal(rule.check(makeIntent({ confidence: Number.NaN }), ctx).ok, false);
  });

  it('uses the configured minimum', () => {
    const strict = createMinConfidenceRule(minConfidenceSchema.parse({ min: 0.9 }));
    assert.equal(strict.check(makeIntent({ confidence: 0.85 }), ctx).ok, false);
    assert.equal(strict.check(makeIntent({ confidence: 0.9 }), ctx).ok, true);
  });
});
