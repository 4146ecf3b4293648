import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createInstrument } from '../../core/index.js';
import { contextFor, createWorld } from '../testEngine.js';
import { FakeInstrumentProvider, makeIntent, NIFTY_FUT, ORCL } from '../testSupport.js';
import { maxGrossExposureRule } from './maxGrossExposure.js';
import { maxNetExposureRule } from './maxNetExposure.js';

const MSFT = createInstrument({ symbol: 'MSFT', exchange: 'NASDAQ' });
const gross = (config = {}) => maxGrossExposureRule.create(maxGrossExposureRule.schema.parse(config));
const net = (config = {}) => maxNetExposureRule.create(maxNetExposureRule.schema.parse(config));

/** Equity 1,000,000.00 USD; ORCL and MSFT at 100. */
function world() {
  const w = { ...createWorld(), instruments: new FakeInstrumentProvider([ORCL, MSFT, NIFTY_FUT]) };
  w.portfolio.setLastPrice(MSFT.id, 100);
  return w;
}

describe('max-gross-exposure rule', () => {
  it('passes gross exposure of exactly 100% of equity and rejects one share more', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', MSFT.id, -4_000);
    assert.equal(gross().check(makeIntent({ quantity: 6_000 }), contextFor(w)).ok, true);
    const verdict = gross().check(makeIntent({ quantity: 6_001 }), contextFor(w));
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 100);
    assert.equal(verdict.observed, 100.01);
    assert.match(verdict.reason, /gross exposure 1000100\.00 USD is 100\.01% of equity, limit 100%/);
  });

  it('counts open orders as if filled, taking the worse side per instrument', () => {
    const w = world();
    w.orders.add({ clientOrderId: 'b', strategyId: 'alpha', side: 'BUY', quantity: 5_000 });
    w.orders.add({ clientOrderId: 's', strategyId: 'beta', side: 'SELL', quantity: 5_000 });
    // Buys and sells might not both fill: the worst case is long 5,000 (or short 5,000), not flat.
    assert.equal(gross().check(makeIntent({ quantity: 5_000 }), contextFor(w)).ok, true);
    assert.equal(gross().check(makeIntent({ quantity: 5_001 }), contextFor(w)).ok, false);
  });

  it('counts the unfilled part only of a partially filled order', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', ORCL.id, 1_000);
    w.orders.add({ clientOrderId: 'b', strategyId: 'alpha', side: 'BUY', quantity: 3_000, filledQuantity: 1_000, status: 'PARTIALLY_FILLED' });
    assert.equal(gross().check(makeIntent({ quantity: 7_000 }), contextFor(w)).ok, true);
    assert.equal(gross().check(makeIntent({ quantity: 7_001 }), contextFor(w)).ok, false);
  });

  it('counts earlier legs of a basket', () => {
    const w = world();
    const leg = makeIntent({ instrumentId: MSFT.id, quantity: 9_000 });
    assert.equal(gross().check(makeIntent({ quantity: 1_001 }), contextFor(w, 'acc-1', 0, [leg])).ok, false);
  });

  it('passes a trade that lowers exposure even while above the limit', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', ORCL.id, 20_000);
    assert.equal(gross().check(makeIntent({ action: 'SELL', side: 'SELL', quantity: 5_000 }), contextFor(w)).ok, true);
    assert.equal(gross().check(makeIntent({ quantity: 1 }), contextFor(w)).ok, false);
  });

  it('also caps at an absolute amount when one is given', () => {
    const capped = gross({ limit: 250_000 });
    assert.equal(capped.check(makeIntent({ quantity: 2_500 }), contextFor(world())).ok, true);
    const verdict = capped.check(makeIntent({ quantity: 2_501 }), contextFor(world()));
    assert.ok(!verdict.ok);
    assert.equal(verdict.limit, 250_000);
  });

  it('fails closed on an instrument quoted in another currency (no FX)', () => {
    const w = world();
    w.portfolio.setLastPrice(NIFTY_FUT.id, 22_000);
    const verdict = gross().check(makeIntent({ instrumentId: NIFTY_FUT.id, quantity: 25 }), contextFor(w));
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /INR but account acc-1 is in USD/);
  });

  it('trips (as a monitor) when positions alone exceed the limit, with the configured action', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', ORCL.id, 11_000);
    const monitor = maxGrossExposureRule.monitor!(maxGrossExposureRule.schema.parse({ action: 'HALTED' }));
    assert.equal(monitor.action, 'HALTED');
    const metrics = { accountId: 'acc-1', equityMinor: 100_000_000, dayStartEquityMinor: 100_000_000, peakEquityMinor: 100_000_000, sampledMs: 0 };
    const breach = monitor.check({
      accountId: 'acc-1', minorDigits: 2, metrics, currentExposure: () => ({ ok: true, grossMinor: 110_000_000, netMinor: 110_000_000, currency: 'USD' }),
    });
    assert.equal(breach?.observed, 110);
    assert.equal(
      monitor.check({ accountId: 'acc-1', minorDigits: 2, metrics, currentExposure: () => ({ ok: true, grossMinor: 100_000_000, netMinor: 0, currency: 'USD' }) }),
      undefined,
    );
  });
});

describe('max-net-exposure rule', () => {
  it('lets a hedge through that gross exposure would count twice', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', MSFT.id, -10_000);
    assert.equal(net().check(makeIntent({ quantity: 10_000 }), contextFor(w)).ok, true);
    assert.equal(gross({ limitPct: 150 }).check(makeIntent({ quantity: 10_000 }), contextFor(w)).ok, false);
  });

  it('rejects net exposure above the limit, either direction', () => {
    const w = world();
    w.portfolio.setPosition('acc-1', 'alpha', MSFT.id, -3_000);
    const half = net({ limitPct: 50 });
    assert.equal(half.check(makeIntent({ action: 'SHORT', side: 'SELL', quantity: 2_000 }), contextFor(w)).ok, true);
    assert.equal(half.check(makeIntent({ action: 'SHORT', side: 'SELL', quantity: 2_001 }), contextFor(w)).ok, false);
    assert.equal(half.check(makeIntent({ quantity: 8_000 }), contextFor(w)).ok, true);
    assert.equal(half.check(makeIntent({ quantity: 8_001 }), contextFor(w)).ok, false);
  });

  it('judges open orders by the worse of all buys filling or all sells filling', () => {
    const w = world();
    w.orders.add({ clientOrderId: 's', strategyId: 'alpha', side: 'SELL', quantity: 4_000, instrumentId: MSFT.id });
    const half = net({ limitPct: 50 });
    // If only the ORCL buy fills, net is +5,000 (50%); if only the MSFT sell fills, −4,000.
    assert.equal(half.check(makeIntent({ quantity: 5_000 }), contextFor(w)).ok, true);
    assert.equal(half.check(makeIntent({ quantity: 5_001 }), contextFor(w)).ok, false);
  });
});
