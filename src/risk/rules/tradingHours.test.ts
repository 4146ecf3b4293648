import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createTradingHoursRule, tradingHoursSchema } from './tradingHours.js';

const TUESDAY_NIGHT_MS = Date.UTC(2024, 2, 5, 23, 0);
const SATURDAY_NOON_MS = Date.UTC(2024, 2, 9, 12, 0);

describe('trading-hours rule', () => {
  const ctx = contextFor(createWorld());
  const rule = createTradingHoursRule(tradingHoursSchema.parse({}));

  it('passes an intent while the exchange is open', () => {
    assert.equal(rule.check(makeIntent({ ts: TUESDAY_OPEN_MS }), ctx).ok, true);
  });

  it('rejects an intent outside the session, naming the exchange and time', () => {
    const verdict = rule.check(makeIntent({ ts: TUESDAY_NIGHT_MS }), ctx);
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.observed, '2024-03-05T23:00:00.000Z');
    assert.match(verdict.reason, /NASDAQ is closed at 2024-03-05T23:00:00.000Z/);
  });

  it('passes a daily signal on a trading day whatever its time of day', () => {
    assert.equal(rule.check(makeIntent({ ts: TUESDAY_NIGHT_MS, timeframe: '1d' }), ctx).ok, true);
  });

  it('rejects a daily signal on a weekend', () => {
    assert.equal(rule.check(makeIntent({ ts: SATURDAY_NOON_MS, timeframe: '1d' }), ctx).ok, false);
  });

  it('rejects a reduce-only exit outside hours by default', () => {
    const exit = makeIntent({ ts: TUESDAY_NIGHT_MS, action: 'SELL', side: 'SELL', reduceOnly: true });
    assert.equal(rule.check(exit, ctx).ok, false);
  });

  it('passes a reduce-only exit outside hours when allowExitsOutsideHours is set, but not an entry', () => {
    const lenient = createTradingHoursRule(tradingHoursSchema.parse({ allowExitsOutsideHours: true }));
    const exit = makeIntent({ ts: TUESDAY_NIGHT_MS, action: 'SELL', side: 'SELL', reduceOnly: true });
    assert.equal(lenient.check(exit, ctx).ok, true);
    assert.equal(lenient.check(makeIntent({ ts: TUESDAY_NIGHT_MS }), ctx).ok, false);
  });

  it('rejects an intent for an unknown instrument', () => {
    const verdict = rule.check(makeIntent({ instrumentId: 'NOPE.NASDAQ' }), ctx);
    assert.equal(verdict.ok, false);
  });
});
