import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TOPICS } from '../bus/index.js';
import { createEventFactory, createIdSource, type AnyEvent, type Bar } from '../core/index.js';
import { createTestEngine, type TestEngine } from './testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from './testSupport.js';

const DAY_MS = 86_400_000;

/** The portfolio's side of a fill: its equity moved, and it says so on the bus. */
function accountUpdated(t: TestEngine, equityMinor: number, correlationId = 'signal-9'): void {
  t.world.portfolio.setEquity('acc-1', equityMinor);
  const factory = createEventFactory('portfolio', t.clock, createIdSource(t.clock, 3));
  const account = t.world.portfolio.account('acc-1')!;
  t.bus.emit(factory.create('AccountUpdated', { account }, { key: 'acc-1', correlationId }));
}

const ofType = <T extends AnyEvent['type']>(events: readonly AnyEvent[], type: T) => events.filter((e): e is Extract<AnyEvent, { type: T }> => e.type === type);

function bar(ts: number, close = 100): Bar {
  return { instrumentId: 'ORCL.NASDAQ', timeframe: '1m', ts, open: close, high: close, low: close, close, volume: 1_000 };
}

describe('the risk engine trips itself', () => {
  it('a daily loss past the limit HALTS trading at the account update that shows it, and cancels open orders', () => {
    const t = createTestEngine({}, { accountIds: ['acc-1'] });
    accountUpdated(t, 100_000_000);
    t.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS);
    accountUpdated(t, 96_000_000);
    assert.equal(t.engine.tradingStatus.state, 'ACTIVE');
    accountUpdated(t, 94_000_000, 'signal-42');
    assert.equal(t.engine.tradingStatus.state, 'HALTED');
    const [breach] = ofType(t.events, 'RiskLimitBreached');
    assert.deepEqual(breach?.payload, {
      rule: 'max-daily-loss', accountId: 'acc-1', limit: 5, observed: 6, action: 'HALTED',
      reason: 'daily loss is 6% of 1000000, limit 5% (account acc-1)',
    });
    const [change] = ofType(t.events, 'TradingStateChanged');
    assert.equal(change?.payload.by, 'max-daily-loss');
    assert.equal(change?.payload.cancelOpenOrders, true);
    assert.equal(change?.correlationId, 'signal-42', 'the trip joins the chain of the fill that caused it');
    assert.deepEqual(t.cancelAlls, [{ reason: breach!.payload.reason, by: 'max-daily-loss', accountId: 'acc-1' }]);
    assert.equal(t.engine.evaluate(makeIntent({ ts: t.clock.nowMs() })).approved, false);
  });

  it('a drawdown past the limit moves to REDUCING; a later daily-loss breach escalates to HALTED, never back down', () => {
    const t = createTestEngine({ rules: { maxDrawdown: { limitPct: 10 }, maxDailyLoss: { limitPct: 15 } } }, { accountIds: ['acc-1'] });
    accountUpdated(t, 100_000_000);
    accountUpdated(t, 120_000_000);
    accountUpdated(t, 107_000_000);
    assert.equal(t.engine.tradingStatus.state, 'REDUCING');
    assert.equal(t.engine.tradingStatus.by, 'max-drawdown');
    t.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS);
    accountUpdated(t, 107_000_000);
    accountUpdated(t, 90_000_000);
    assert.equal(t.engine.tradingStatus.state, 'HALTED');
    assert.deepEqual(ofType(t.events, 'TradingStateChanged').map((e) => [e.payload.from, e.payload.to, e.payload.by]), [
      ['ACTIVE', 'REDUCING', 'max-drawdown'],
      ['REDUCING', 'HALTED', 'max-daily-loss'],
    ]);
    accountUpdated(t, 80_000_000);
    assert.equal(ofType(t.events, 'RiskLimitBreached').length, 2, 'a breach that would not escalate is not repeated');
  });

  it('positions marked up past the gross exposure limit trip to REDUCING on a bar, sampled at the configured interval', () => {
    const t = createTestEngine({ monitor: { intervalMs: 600_000 } }, { accountIds: ['acc-1'] });
    t.world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 9_000);
    t.bus.publish(TOPICS.bar, bar(TUESDAY_OPEN_MS));
    assert.equal(t.engine.tradingStatus.state, 'ACTIVE');
    t.world.portfolio.setLastPrice('ORCL.NASDAQ', 112);
    t.bus.publish(TOPICS.bar, bar(TUESDAY_OPEN_MS + 60_000, 112));
    assert.equal(t.engine.tradingStatus.state, 'ACTIVE', 'not sampled again within the interval');
    t.bus.publish(TOPICS.bar, bar(TUESDAY_OPEN_MS + 600_000, 112));
    assert.equal(t.engine.tradingStatus.state, 'REDUCING');
    const [breach] = ofType(t.events, 'RiskLimitBreached');
    assert.equal(breach?.payload.rule, 'max-gross-exposure');
    assert.equal(breach?.payload.observed, 100.8);
    assert.equal(t.cancelAlls.length, 0, 'REDUCING keeps open orders (exits may be among them)');
  });

  it('an intent arriving after an unobserved loss trips first and is then rejected by the gate', () => {
    const t = createTestEngine();
    t.engine.evaluate(makeIntent({ ts: TUESDAY_OPEN_MS }));
    t.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS);
    t.world.portfolio.setEquity('acc-1', 90_000_000);
    const decision = t.engine.evaluate(makeIntent({ ts: t.clock.nowMs() }));
    assert.ok(!decision.approved);
    assert.equal(decision.rejection.rule, 'trading-state');
    assert.deepEqual(t.events.slice(-3).map((e) => e.type), ['RiskLimitBreached', 'TradingStateChanged', 'RiskRejected']);
  });

  it('an operator can set ACTIVE again; a limit still broken trips again at the next observation', () => {
    const t = createTestEngine({ rules: { maxDailyLoss: { enabled: false } } }, { accountIds: ['acc-1'] });
    accountUpdated(t, 100_000_000);
    accountUpdated(t, 70_000_000);
    assert.equal(t.engine.tradingStatus.state, 'REDUCING');
    t.engine.setTradingState('ACTIVE', 'alice', 'reviewed');
    accountUpdated(t, 70_000_000);
    assert.equal(t.engine.tradingStatus.state, 'REDUCING');
    assert.equal(t.engine.tradingStatus.by, 'max-drawdown');
  });

  it('a disabled limit never trips', () => {
    const t = createTestEngine({ rules: { maxDrawdown: { enabled: false }, maxDailyLoss: { enabled: false } } }, { accountIds: ['acc-1'] });
    accountUpdated(t, 100_000_000);
    accountUpdated(t, 10_000_000);
    assert.equal(t.engine.tradingStatus.state, 'ACTIVE');
  });
});

describe('the equity references across a restart', () => {
  it('a restart that restores them keeps the loss taken earlier today: the daily-loss limit still trips', () => {
    const before = createTestEngine({}, { accountIds: ['acc-1'] });
    before.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS);
    accountUpdated(before, 100_000_000);
    accountUpdated(before, 97_000_000);
    assert.equal(before.engine.tradingStatus.state, 'ACTIVE');
    // As the node's snapshot stores them.
    const references = JSON.parse(JSON.stringify(before.engine.equityReferences())) as ReturnType<typeof before.engine.equityReferences>;

    const after = createTestEngine({}, { accountIds: ['acc-1'] });
    after.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS + 60_000);
    after.engine.restoreEquityReferences(references);
    assert.equal(after.engine.metrics.get('acc-1')?.peakEquityMinor, 100_000_000, 'the peak survives too');
    accountUpdated(after, 94_500_000);
    assert.equal(after.engine.tradingStatus.state, 'HALTED', '5.5% below the day start of 1,000,000');

    const forgetful = createTestEngine({}, { accountIds: ['acc-1'] });
    forgetful.clock.advanceTo(TUESDAY_OPEN_MS + DAY_MS + 60_000);
    accountUpdated(forgetful, 94_500_000);
    assert.equal(forgetful.engine.tradingStatus.state, 'ACTIVE', 'without them the day would start again at the restart');
  });

  it('a live sample is newer than any snapshot: restoring never overwrites an account already sampled', () => {
    const t = createTestEngine({}, { accountIds: ['acc-1'] });
    accountUpdated(t, 50_000_000);
    t.engine.restoreEquityReferences([{ accountId: 'acc-1', equityMinor: 1, dayStartEquityMinor: 1, peakEquityMinor: 1, sampledMs: 0 }]);
    assert.equal(t.engine.metrics.get('acc-1')?.peakEquityMinor, 50_000_000);
  });
});
