import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STREAM_TRIM } from '../../adapters/index.js';
import { ValidationError } from '../../core/index.js';
import { DEFAULT_CONFIG_TEXT, parseNodeConfig } from '../runtime/nodeConfig.js';

const MINIMAL = 'market: { instruments: [{ symbol: ALPHA, startPrice: 100 }] }\n';

describe('config.yaml distributed.trim', () => {
  it('defaults to trimming every 10 s, and the commented default file spells out the same values', () => {
    assert.deepEqual(parseNodeConfig(MINIMAL, 'config.yaml').distributed.trim, DEFAULT_STREAM_TRIM);
    assert.deepEqual(parseNodeConfig(DEFAULT_CONFIG_TEXT, 'config.yaml').distributed.trim, DEFAULT_STREAM_TRIM);
    assert.equal(DEFAULT_STREAM_TRIM.intervalMs, 10_000);
  });

  it('takes a partial section', () => {
    const trim = parseNodeConfig(`${MINIMAL}distributed: { trim: { maxLen: 5000, deadLetter: { maxLen: 10 } } }\n`, 'config.yaml').distributed.trim;
    assert.deepEqual(trim, { ...DEFAULT_STREAM_TRIM, maxLen: 5_000, deadLetter: { ...DEFAULT_STREAM_TRIM.deadLetter, maxLen: 10 } });
  });

  for (const [section, key] of [
    ['{ intervalMs: 0 }', 'distributed.trim.intervalMs'],
    ['{ maxAgeMs: -1 }', 'distributed.trim.maxAgeMs'],
    ['{ maxLen: 1.5 }', 'distributed.trim.maxLen'],
    ['{ enabled: maybe }', 'distributed.trim.enabled'],
    ['{ deadLetter: { maxAgeMs: -3 } }', 'distributed.trim.deadLetter.maxAgeMs'],
    ['{ maxlen: 10 }', 'distributed.trim.maxlen: unknown key'],
  ] as const) {
    it(`rejects ${section}, naming ${key}`, () => {
      assert.throws(() => parseNodeConfig(`${MINIMAL}distributed: { trim: ${section} }\n`, 'config.yaml'), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.ok(error.message.includes(key), error.message);
        return true;
      });
    });
  }
});
