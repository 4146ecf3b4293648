import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createMaxOrdersPerInstrumentPerDayRule, maxOrdersPerInstrumentPerDaySchema } from './maxOrdersPerInstrumentPerDay.js';

const DAY_MS = 86_400_000;
const NIFTY = 'NIFTY24NOVFUT.NFO';

describe('max-orders-per-instrument-per-day rule', () => {
  const rule = createMaxOrdersPerInstrumentPerDayRule(maxOrdersPerInstrumentPerDaySchema.parse({ limit: 3 }));

  function worldWith(count: number, instrumentId = 'ORCL.NASDAQ') {
    const world = createWorld();
    for (let i = 0; i < count; i++) world.state.recordApproval(makeIntent({ instrumentId }));
    return contextFor(world);
  }

  it('passes the 3rd order of the day in the instrument and rejects the 4th', () => {
    assert.equal(rule.check(makeIntent(), worldWith(2)).ok, true);
    assert.deepEqual(rule.check(makeIntent(), worldWith(3)), {
      ok: false, limit: 3, observed: 4, reason: 'this would be order 4 today in ORCL.NASDAQ for account acc-1, limit 3 per day',
    });
  });

  it('counts each instrument on its own', () => {
    const ctx = worldWith(3);
    assert.equal(rule.check(makeIntent({ instrumentId: NIFTY }), ctx).ok, true);
  });

  it('starts again on the next UTC day', () => {
    const nextMidnight = Math.floor(TUESDAY_OPEN_MS / DAY_MS + 1) * DAY_MS;
    assert.equal(rule.check(makeIntent({ ts: nextMidnight - 1 }), worldWith(3)).ok, false);
    assert.equal(rule.check(makeIntent({ ts: nextMidnight }), worldWith(3)).ok, true);
  });

  it('defaults to 500', () => {
    assert.equal(maxOrdersPerInstrumentPerDaySchema.parse({}).limit, 500);
  });
});
