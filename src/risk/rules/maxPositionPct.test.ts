import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument } from '../../core/index.js';
import { contextFor, createWorld } from '../testEngine.js';
import { FakeInstrumentProvider, makeIntent, ORCL } from '../testSupport.js';
import { createMaxPositionPctRule, maxPositionPctSchema } from './maxPositionPct.js';

// Equity 1,000,000.00 USD and ORCL at 100: 5% is 50,000.00 USD = 500 shares.
describe('max-position-pct rule', () => {
  const rule = createMaxPositionPctRule(maxPositionPctSchema.parse({}));

  it('passes a position of exactly 5% of equity', () => {
    assert.equal(rule.check(makeIntent({ quantity: 500 }), contextFor(createWorld())).ok, true);
  });

  it('rejects a position above 5% of equity with a readable reason', () => {
    const verdict = rule.check(makeIntent({ quantity: 730 }), contextFor(createWorld()));
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 5);
    assert.equal(verdict.observed, 7.3);
    assert.match(verdict.reason, /^position would be 7\.3% of equity, limit 5%/);
  });

  it('rejects one share over the limit', () => {
    const verdict = rule.check(makeIntent({ quantity: 501 }), contextFor(createWorld()));
    assert.ok(!verdict.ok);
    assert.equal(verdict.observed, 5.01);
  });

  it('values the trade at its limit price when it has one', () => {
    const ctx = contextFor(createWorld());
    assert.equal(rule.check(makeIntent({ quantity: 1000, orderType: 'LIMIT', limitPrice: 50 }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ quantity: 1001, orderType: 'LIMIT', limitPrice: 50 }), ctx).ok, false);
  });

  it('rejects when there is no market price', () => {
    const world = createWorld();
    world.portfolio.setLastPrice('ORCL.NASDAQ', Number.NaN);
    const verdict = rule.check(makeIntent(), contextFor(world));
    assert.ok(!verdict.ok);
    assert.equal(verdict.reason, 'no market price for ORCL.NASDAQ');
  });

  it('adds the account position held by other strategies', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 400);
    assert.equal(rule.check(makeIntent({ quantity: 100 }), contextFor(world)).ok, true);
    assert.equal(rule.check(makeIntent({ quantity: 101 }), contextFor(world)).ok, false);
  });

  it("rejects when the strategy's own book would exceed the limit even if another strategy offsets the account net", () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', -400).setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 450);
    const verdict = rule.check(makeIntent({ quantity: 100 }), contextFor(world));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /strategy sma book/);
  });

  it('counts the unfilled part of open orders as potential exposure', () => {
    const world = createWorld();
    world.orders.add({ clientOrderId: 'o-1', strategyId: 'alpha', side: 'BUY', quantity: 300, filledQuantity: 100, status: 'PARTIALLY_FILLED' });
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100);
    assert.equal(rule.check(makeIntent({ quantity: 200 }), contextFor(world)).ok, true);
    assert.equal(rule.check(makeIntent({ quantity: 201 }), contextFor(world)).ok, false);
  });

  it('checks shorts by absolute size', () => {
    const ctx = contextFor(createWorld());
    assert.equal(rule.check(makeIntent({ action: 'SHORT', side: 'SELL', quantity: 500 }), ctx).ok, true);
    assert.equal(rule.check(makeIntent({ action: 'SHORT', side: 'SELL', quantity: 501 }), ctx).ok, false);
  });

  it('passes reduce-only intents and trades that shrink an oversized position', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 800);
    assert.equal(rule.check(makeIntent({ action: 'SELL', side: 'SELL', quantity: 100, reduceOnly: true }), contextFor(world)).ok, true);
    assert.equal(rule.check(makeIntent({ action: 'SELL', side: 'SELL', quantity: 100 }), contextFor(world)).ok, true);
    assert.equal(rule.check(makeIntent({ quantity: 1 }), contextFor(world)).ok, false);
  });

  it('applies the contract multiplier', () => {
    const es = createInstrument({ symbol: 'ES', exchange: 'CME', assetClass: 'FUTURE', tickSize: 0.25, multiplier: 50 });
    const world = { ...createWorld(), instruments: new FakeInstrumentProvider([ORCL, es]) };
    world.portfolio.setLastPrice(es.id, 5000);
    const quarter = createMaxPositionPctRule(maxPositionPctSchema.parse({ limitPct: 25 }));
    assert.equal(quarter.check(makeIntent({ instrumentId: es.id, quantity: 1 }), contextFor(world)).ok, true);
    assert.equal(quarter.check(makeIntent({ instrumentId: es.id, quantity: 2 }), contextFor(world)).ok, false);
  });

  it('decides a fractional limit exactly at the boundary', () => {
    const rule25 = createMaxPositionPctRule(maxPositionPctSchema.parse({ limitPct: 2.5 }));
    const ctx = contextFor(createWorld());
    assert.equal(rule25.check(makeIntent({ quantity: 250 }), ctx).ok, true);
    assert.equal(rule25.check(makeIntent({ quantity: 251 }), ctx).ok, false);
  });

  it('rejects an instrument quoted in another currency than the account', () => {
    const world = createWorld();
    world.portfolio.setLastPrice('NIFTY24NOVFUT.NFO', 22000);
    const verdict = rule.check(makeIntent({ instrumentId: 'NIFTY24NOVFUT.NFO', quantity: 25 }), contextFor(world));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /INR but account acc-1 is in USD/);
  });

  it('rejects when the account has no positive equity', () => {
    const world = createWorld();
    world.portfolio.setEquity('acc-1', 0);
    assert.equal(rule.check(makeIntent({ quantity: 1 }), contextFor(world)).ok, false);
  });
});
