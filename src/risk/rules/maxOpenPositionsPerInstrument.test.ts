import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor, createWorld } from '../testEngine.js';
import { makeIntent } from '../testSupport.js';
import { createMaxOpenPositionsPerInstrumentRule, maxOpenPositionsPerInstrumentSchema } from './maxOpenPositionsPerInstrument.js';

describe('max-open-positions-per-instrument rule', () => {
  const rule = createMaxOpenPositionsPerInstrumentRule(maxOpenPositionsPerInstrumentSchema.parse({}));

  it('passes a new book while fewer than 2 books are open in the instrument', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100);
    assert.equal(rule.check(makeIntent({ strategyId: 'sma' }), contextFor(world)).ok, true);
  });

  it('rejects a third book when two strategies already hold the instrument', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100).setPosition('acc-1', 'beta', 'ORCL.NASDAQ', -50);
    const verdict = rule.check(makeIntent({ strategyId: 'sma' }), contextFor(world));
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 2);
    assert.equal(verdict.observed, 3);
  });

  it('passes an intent adding to a book that is already open, even at the limit', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100).setPosition('acc-1', 'sma', 'ORCL.NASDAQ', 10);
    assert.equal(rule.check(makeIntent({ strategyId: 'sma' }), contextFor(world)).ok, true);
  });

  it('counts open entry orders not yet reflected in a position as books', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100);
    world.orders.add({ clientOrderId: 'o-1', strategyId: 'beta', side: 'BUY', quantity: 5 });
    assert.equal(rule.check(makeIntent({ strategyId: 'sma' }), contextFor(world)).ok, false);
  });

  it('ignores flat books, other instruments, other accounts, reduce-only and closed orders', () => {
    const world = createWorld();
    world.portfolio
      .setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 0)
      .setPosition('acc-1', 'beta', 'NIFTY24NOVFUT.NFO', 25)
      .setPosition('acc-2', 'gamma', 'ORCL.NASDAQ', 10)
      .setPosition('acc-1', 'delta', 'ORCL.NASDAQ', 10);
    world.orders
      .add({ clientOrderId: 'o-1', strategyId: 'eps', side: 'SELL', quantity: 5, reduceOnly: true })
      .add({ clientOrderId: 'o-2', strategyId: 'zeta', side: 'BUY', quantity: 5, status: 'FILLED' })
      .add({ clientOrderId: 'o-3', strategyId: 'eta', side: 'BUY', quantity: 5, accountId: 'acc-2' });
    assert.equal(rule.check(makeIntent({ strategyId: 'sma' }), contextFor(world)).ok, true);
  });

  it('passes reduce-only intents at the limit', () => {
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100).setPosition('acc-1', 'beta', 'ORCL.NASDAQ', 100);
    const exit = makeIntent({ strategyId: 'sma', action: 'SELL', side: 'SELL', reduceOnly: true });
    assert.equal(rule.check(exit, contextFor(world)).ok, true);
  });

  it('uses the configured limit', () => {
    const single = createMaxOpenPositionsPerInstrumentRule(maxOpenPositionsPerInstrumentSchema.parse({ limit: 1 }));
    const world = createWorld();
    world.portfolio.setPosition('acc-1', 'alpha', 'ORCL.NASDAQ', 100);
    assert.equal(single.check(makeIntent({ strategyId: 'sma' }), contextFor(world)).ok, false);
  });
});
