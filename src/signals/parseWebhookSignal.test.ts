import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebhookSignal } from './parseWebhookSignal.js';

const fieldsOf = (body: unknown): Record<string, string> =>
  Object.fromEntries(parseWebhookSignal(body).problems.map((p) => [p.field, p.reason]));

describe('webhook signal validation', () => {
  it('reads a TradingView alert with ticker/side in any case and numbers as text', () => {
    const result = parseWebhookSignal({
      secret: 's3cret', strategy: 'tv-breakout', ticker: 'NSE:RELIANCE', side: 'Buy', quantity: '10', price: '2450.55', timeframe: '15', confidence: 0.8, comment: ' breakout ',
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.secret, 's3cret');
    const { raw, ...signal } = result.signals[0]!;
    assert.deepEqual(signal, {
      source: 'webhook', symbol: 'NSE:RELIANCE', action: 'BUY', strategy: 'tv-breakout', quantity: 10, price: 2450.55, timeframe: '15m', confidence: 0.8, comment: 'breakout',
    });
    assert.doesNotMatch(raw, /s3cret/, 'the secret never reaches an event');
  });

  it('accepts the body as text, and TradingView intervals such as 60, 240 and 1D', () => {
    const timeframe = (tf: unknown): unknown => parseWebhookSignal(JSON.stringify({ strategy: 's', symbol: 'X', action: 'sell', timeframe: tf })).signals[0]?.timeframe;
    assert.equal(timeframe('60'), '1h');
    assert.equal(timeframe(240), '4h');
    assert.equal(timeframe('1D'), '1d');
    assert.equal(timeframe('5min'), '5m');
  });

  it('names each field that is wrong and why', () => {
    const problems = fieldsOf({ strategy: '', symbol: 'X', action: 'hold', quantity: -3, price: 'abc', confidence: 1.5, timeframe: '7min', quantiy: 3 });
    assert.deepEqual(Object.keys(problems).sort(), ['action', 'confidence', 'price', 'quantity', 'quantiy', 'strategy', 'timeframe']);
    assert.equal(problems['strategy'], 'must not be empty');
    assert.match(problems['action']!, /unknown action "hold" \(allowed: BUY, SELL, SHORT, COVER, any case\)/);
    assert.equal(problems['quantity'], 'must be > 0');
    assert.equal(problems['price'], 'must be a number');
    assert.equal(problems['confidence'], 'must be in 0..1');
    assert.match(problems['timeframe']!, /unknown timeframe "7min"/);
    assert.match(problems['quantiy']!, /is not a known field \(known: secret, strategy, symbol, ticker, action, side, quantity/);
  });

  it('requires a strategy, a symbol or ticker and an action or side, and refuses contradictions', () => {
    assert.deepEqual(fieldsOf({}), { strategy: 'is required', symbol: 'is required (or give ticker)', action: 'is required (or give side)' });
    assert.match(fieldsOf({ strategy: 's', symbol: 'A', ticker: 'B', action: 'buy', side: 'BUY' })['ticker']!, /"B" contradicts symbol "A"/);
    assert.deepEqual(fieldsOf({ strategy: 7, symbol: 'A', side: 'buy' }), { strategy: 'must be a string' });
  });

  it('refuses a body that is not a JSON object, without echoing its secret', () => {
    const notJson = parseWebhookSignal('{"secret": "hunter2", strategy');
    assert.equal(notJson.problems[0]!.field, 'body');
    assert.match(notJson.problems[0]!.reason, /^is not JSON/);
    assert.doesNotMatch(notJson.problems[0]!.raw, /hunter2/);
    assert.deepEqual(fieldsOf([1, 2]), { body: 'must be a JSON object' });
    assert.deepEqual(fieldsOf(42), { body: 'must be a JSON object' });
  });
});
