import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Timeframe } from '../../core/index.js';
import { contextFor, createTestEngine, createWorld, type TestWorld } from '../testEngine.js';
import { makeIntent, NIFTY_FUT, TUESDAY_OPEN_MS } from '../testSupport.js';
import { createLiquidityGuardRule, liquidityGuardSchema } from './liquidityGuard.js';

function feed(world: TestWorld, volumes: readonly number[], instrumentId = 'ORCL.NASDAQ', timeframe: Timeframe = '1m'): TestWorld {
  volumes.forEach((volume, i) => world.volumes.onBar({ instrumentId, timeframe, ts: i * 60_000, open: 100, high: 100, low: 100, close: 100, volume }));
  return world;
}

// 20 bars of 1,000 on average: 10% is 100 shares.
describe('liquidity-guard rule', () => {
  const rule = createLiquidityGuardRule(liquidityGuardSchema.parse({}));
  const thousand = () => contextFor(feed(createWorld(), Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 500 : 1_500))));

  it('passes an order of exactly 10% of the average volume', () => {
    assert.deepEqual(rule.check(makeIntent({ quantity: 100 }), thousand()), { ok: true });
  });

  it('resizes a larger order down to the allowed size', () => {
    assert.deepEqual(rule.check(makeIntent({ quantity: 150 }), thousand()), { ok: true, quantity: 100 });
  });

  it('rounds the allowed size down to whole lots', () => {
    const world = feed(createWorld(), Array.from({ length: 20 }, () => 900), NIFTY_FUT.id);
    assert.deepEqual(rule.check(makeIntent({ instrumentId: NIFTY_FUT.id, quantity: 100 }), contextFor(world)), { ok: true, quantity: 75 });
  });

  it('rejects instead of resizing when resize is off', () => {
    const strict = createLiquidityGuardRule(liquidityGuardSchema.parse({ resize: false }));
    const verdict = strict.check(makeIntent({ quantity: 101 }), thousand());
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 10);
    assert.equal(verdict.observed, 10.1);
    assert.match(verdict.reason, /10\.1% of the average volume 1000 over 20 bars, limit 10%.*resizing is off/);
  });

  it('rejects when not even one lot fits', () => {
    const world = feed(createWorld(), Array.from({ length: 20 }, () => 200), NIFTY_FUT.id);
    const verdict = rule.check(makeIntent({ instrumentId: NIFTY_FUT.id, quantity: 25 }), contextFor(world));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /less than one lot of 25/);
  });

  it('averages only the last lookbackBars bars', () => {
    const world = feed(createWorld(), [...Array.from({ length: 30 }, () => 100_000), ...Array.from({ length: 5 }, () => 1_000)]);
    const short = createLiquidityGuardRule(liquidityGuardSchema.parse({ lookbackBars: 5 }));
    assert.deepEqual(short.check(makeIntent({ quantity: 5_000 }), contextFor(world)), { ok: true, quantity: 100 });
  });

  it("uses the intent's timeframe when bars of several are seen", () => {
    const world = feed(createWorld(), Array.from({ length: 20 }, () => 1_000));
    feed(world, Array.from({ length: 20 }, () => 50_000), 'ORCL.NASDAQ', '1h');
    assert.deepEqual(rule.check(makeIntent({ quantity: 1_000, timeframe: '1h' }), contextFor(world)), { ok: true });
    assert.deepEqual(rule.check(makeIntent({ quantity: 1_000, timeframe: '1m' }), contextFor(world)), { ok: true, quantity: 100 });
  });

  it('passes before any volume was seen by default, and rejects when configured to', () => {
    assert.equal(rule.check(makeIntent({ quantity: 1_000_000 }), contextFor(createWorld())).ok, true);
    const strict = createLiquidityGuardRule(liquidityGuardSchema.parse({ whenNoVolume: 'reject' }));
    assert.equal(strict.check(makeIntent(), contextFor(feed(createWorld(), [0, 0, 0]))).ok, false);
  });

  it('through the engine: volumes come from data.bar, and the approval names the rule that resized the trade', () => {
    const { engine, bus, executed, events } = createTestEngine();
    for (let i = 0; i < 20; i++) {
      bus.publish('data.bar', { instrumentId: 'ORCL.NASDAQ', timeframe: '1m', ts: TUESDAY_OPEN_MS - (20 - i) * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1_000 });
    }
    engine.evaluate(makeIntent({ quantity: 250 }));
    const approved = events.find((e) => e.type === 'RiskApproved');
    assert.ok(approved?.type === 'RiskApproved');
    assert.equal(approved.payload.quantity, 100);
    assert.equal(approved.payload.resizedBy, 'liquidity-guard');
    assert.equal(executed[0]?.quantity, 100);
  });
});
