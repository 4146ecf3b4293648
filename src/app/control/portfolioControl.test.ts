import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALPHA, BETA, STARTING_CASH_MINOR, startTestNode } from './controlHarness.test.js';

describe('portfolio control', () => {
  it('marks positions at the last price: unrealized P&L and market value in exact minor units', () => {
    const t = startTestNode();
    t.bar(100.1);
    t.signal('BUY', 30, { strategyId: 'trend' });
    t.signal('SHORT', 10, { strategyId: 'hedge' });
    t.bar(100.1); // both fill at 100.10: net long 20
    t.bar(100.13);
    const net = t.controls.portfolio.positions();
    assert.equal(net.length, 1);
    assert.deepEqual(
      { quantity: net[0]!.quantity, lastPrice: net[0]!.lastPrice, cost: net[0]!.costMinor, value: net[0]!.marketValueMinor, unrealized: net[0]!.unrealizedMinor },
      { quantity: 20, lastPrice: 100.13, cost: 200_200, value: 200_260, unrealized: 60 },
    );
    const books = new Map(t.controls.portfolio.positions(true).map((p) => [p.strategyId, p]));
    assert.deepEqual([...books.keys()].sort(), ['*', 'hedge', 'trend']);
    assert.equal(books.get('trend')?.unrealizedMinor, 90, '30 × 0.03');
    assert.equal(books.get('hedge')?.unrealizedMinor, -30, 'short 10 × 0.03');
  });

  it('shows no market value or unrealized P&L for an open position it has no price for (unknown, not 0)', () => {
    const traded = startTestNode();
    traded.bar(100.1);
    traded.signal('BUY', 30);
    traded.bar(100.1);
    // A restart before the first price: positions come back from the snapshot, prices do not.
    const restarted = startTestNode();
    restarted.node.portfolio.restore(traded.node.portfolio.snapshot());
    const [position] = restarted.controls.portfolio.positions();
    assert.equal(position?.quantity, 30);
    assert.equal(position?.lastPrice, undefined);
    assert.equal(Object.hasOwn(position!, 'unrealizedMinor'), false);
    assert.equal(Object.hasOwn(position!, 'marketValueMinor'), false);
    restarted.bar(100.2);
    assert.equal(restarted.controls.portfolio.positions()[0]?.unrealizedMinor, 300, 'priced again at the first bar: 30 × 0.10');
  });

  it('sums the account: equity, P&L today and total, realized and unrealized, gross and net exposure', () => {
    const t = startTestNode();
    t.bar(50, BETA.id);
    t.bar(100);
    t.signal('BUY', 10);
    t.signal('SHORT', 20, { instrumentId: BETA.id, strategyId: 'b' });
    t.bar(100);
    t.bar(50, BETA.id);
    t.signal('SELL', 4); // realize 4 × (105 − 100) on the next bar
    t.bar(105);
    const summary = t.controls.portfolio.summary();
    assert.equal(summary.realizedMinor, 2_000);
    assert.equal(summary.unrealizedMinor, 3_000, '6 × 5.00 on ALPHA, 0 on BETA');
    assert.equal(summary.equityMinor, STARTING_CASH_MINOR + 5_000);
    assert.equal(summary.pnlTotalMinor, 5_000);
    assert.equal(summary.pnlTodayMinor, 5_000);
    assert.equal(summary.grossExposureMinor, 6 * 10_500 + 20 * 5_000);
    assert.equal(summary.netExposureMinor, 6 * 10_500 - 20 * 5_000);
    assert.equal(summary.openPositions, 2);
    assert.equal(summary.minorDigits, 2);
    assert.equal(summary.asOf, new Date(t.clock.nowMs()).toISOString());
    const account = t.controls.portfolio.account();
    assert.equal(account.equityMinor, summary.equityMinor);
    assert.equal(account.cashMinor, summary.cashMinor);
  });

  it('P&L today starts from the last equity of the day before', () => {
    const t = startTestNode();
    t.bar(100);
    t.signal('BUY', 10);
    t.bar(100);
    t.bar(110); // +100.00 on day one
    t.clock.advanceTo(Date.UTC(2024, 0, 3, 14, 30));
    t.node.onBar({ instrumentId: ALPHA.id, timeframe: '1m', ts: t.clock.nowMs() - 60_000, open: 107, high: 107, low: 107, close: 107, volume: 1000 });
    const summary = t.controls.portfolio.summary();
    assert.equal(summary.pnlTotalMinor, 7_000);
    assert.equal(summary.pnlTodayMinor, -3_000);
  });

  it('serves an equity curve that ends at the equity now', () => {
    const t = startTestNode();
    t.bar(100);
    t.signal('BUY', 10);
    for (const close of [100, 101, 102, 103]) t.bar(close);
    const curve = t.controls.portfolio.equityCurve();
    assert.ok(curve.length >= 5);
    assert.deepEqual(curve.at(-1), [t.clock.nowMs(), STARTING_CASH_MINOR + 3_000]);
    assert.ok(curve.every((p, i) => i === 0 || p[0] > curve[i - 1]![0]), 'oldest first, strictly increasing');
  });
});
