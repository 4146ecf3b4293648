import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent, TUESDAY_OPEN_MS } from '../testSupport.js';
import { maxDailyLossRule } from './maxDailyLoss.js';
import { maxDrawdownRule } from './maxDrawdown.js';

const DAY_MS = 86_400_000;
const MONDAY = TUESDAY_OPEN_MS - DAY_MS;
const dailyLoss = (config = {}) => maxDailyLossRule.create(maxDailyLossRule.schema.parse(config));
const drawdown = (config = {}) => maxDrawdownRule.create(maxDrawdownRule.schema.parse(config));

/** Monday ended at 1,000,000.00 USD; today's equity is `todayMinor`. */
function worldAt(todayMinor: number) {
  const world = createWorld();
  world.metrics.sample('acc-1', 100_000_000, MONDAY);
  world.metrics.sample('acc-1', todayMinor, TUESDAY_OPEN_MS);
  world.portfolio.setEquity('acc-1', todayMinor);
  return world;
}

describe('max-daily-loss rule', () => {
  it('measures from the last equity of the previous day and passes a loss of exactly 5%', () => {
    assert.equal(dailyLoss().check(makeIntent(), contextFor(worldAt(95_000_000))).ok, true);
  });

  it('rejects entries once the loss is past 5%, naming limit and loss', () => {
    const verdict = dailyLoss().check(makeIntent(), contextFor(worldAt(94_999_999)));
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 5);
    assert.equal(verdict.observed, 5);
    assert.match(verdict.reason, /daily loss is 5% of 1000000, limit 5% \(account acc-1\): only exposure-reducing intents pass/);
  });

  it('still passes an exit that shrinks the book', () => {
    const world = worldAt(90_000_000);
    world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 100);
    assert.equal(dailyLoss().check(makeIntent({ action: 'SELL', side: 'SELL', quantity: 100, reduceOnly: true }), contextFor(world)).ok, true);
    assert.equal(dailyLoss().check(makeIntent({ action: 'SELL', side: 'SELL', quantity: 101, reduceOnly: true }), contextFor(world)).ok, false);
  });

  it('also trips on an absolute loss in currency units', () => {
    const capped = dailyLoss({ limit: 10_000 });
    assert.equal(capped.check(makeIntent(), contextFor(worldAt(99_000_000))).ok, true);
    const verdict = capped.check(makeIntent(), contextFor(worldAt(98_999_999)));
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 10_000);
    assert.equal(verdict.observed, 10_000.01);
  });

  it('a new day starts a new budget', () => {
    const world = worldAt(94_000_000);
    world.metrics.sample('acc-1', 94_000_000, TUESDAY_OPEN_MS + DAY_MS);
    assert.equal(dailyLoss().check(makeIntent(), contextFor(world)).ok, true);
  });

  it('fails closed without an equity sample', () => {
    assert.equal(dailyLoss().check(makeIntent(), contextFor(createWorld())).ok, false);
  });

  it('breaks as a monitor with HALTED as its default action', () => {
    const monitor = maxDailyLossRule.monitor!(maxDailyLossRule.schema.parse({}));
    assert.equal(monitor.action, 'HALTED');
    const metrics = worldAt(94_000_000).metrics.get('acc-1')!;
    assert.equal(monitor.check({ accountId: 'acc-1', minorDigits: 2, metrics, currentExposure: () => ({ ok: false, problem: 'unused' }) })?.observed, 6);
  });
});

describe('max-drawdown rule', () => {
  function worldAfterPeak(peakMinor: number, nowMinor: number) {
    const world = createWorld();
    world.metrics.sample('acc-1', 100_000_000, MONDAY);
    world.metrics.sample('acc-1', peakMinor, MONDAY + 1_000);
    world.metrics.sample('acc-1', nowMinor, TUESDAY_OPEN_MS);
    return world;
  }

  it('measures from the peak: 20% passes, more is rejected', () => {
    assert.equal(drawdown().check(makeIntent(), contextFor(worldAfterPeak(150_000_000, 120_000_000))).ok, true);
    const verdict = drawdown().check(makeIntent(), contextFor(worldAfterPeak(150_000_000, 119_999_999)));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /drawdown is 20% of 1500000, limit 20%/);
  });

  it('defaults to REDUCING and takes another action from the configuration', () => {
    assert.equal(maxDrawdownRule.monitor!(maxDrawdownRule.schema.parse({})).action, 'REDUCING');
    assert.equal(maxDrawdownRule.monitor!(maxDrawdownRule.schema.parse({ action: 'HALTED' })).action, 'HALTED');
    assert.equal(maxDrawdownRule.schema.safeParse({ action: 'PAUSED' }).success, false);
  });
});
