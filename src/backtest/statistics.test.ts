import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../core/index.js';
import { computeStatistics, dailyReturns, drawdownSeries, type EquityCurve, type StatisticsInput } from './index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function curve(points: readonly (readonly [number, number])[]): EquityCurve {
  return {
    ts: Float64Array.from(points, ([ts]) => ts),
    valueMinor: Float64Array.from(points, ([, value]) => value),
    length: points.length,
  };
}

/** One point per day at 16:00 UTC. */
function daily(values: readonly number[]): EquityCurve {
  return curve(values.map((value, i) => [T0 + i * DAY + 16 * 3_600_000, value]));
}

function input(equity: EquityCurve, overrides: Partial<StatisticsInput> = {}): StatisticsInput {
  return { equity, startingCashMinor: equity.valueMinor[0]!, currency: 'USD', trades: [], commissionMinor: 0, barsInMarket: 0, totalBars: 0, ...overrides };
}

function near(actual: number, expected: number, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
}

describe('drawdownSeries', () => {
  it('gives each point its fall from the running peak as a positive fraction', () => {
    const dd = drawdownSeries(daily([100, 110, 88, 99, 121, 115]));
    const expected = [0, 0, 0.2, 0.1, 0, 6 / 121];
    expected.forEach((value, i) => near(dd[i]!, value, 1e-12));
  });
});

describe('computeStatistics', () => {
  const drawdownCurve = daily([100_000, 110_000, 88_000, 99_000, 121_000, 115_000]);

  it('finds the deepest drawdown, its peak, its recovery and its duration', () => {
    const s = computeStatistics(input(drawdownCurve));
    assert.equal(s.maxDrawdown, 0.2);
    assert.equal(s.maxDrawdownStart, new Date(drawdownCurve.ts[1]!).toISOString());
    assert.equal(s.maxDrawdownEnd, new Date(drawdownCurve.ts[4]!).toISOString());
    assert.equal(s.maxDrawdownRecovered, true);
    assert.equal(s.maxDrawdownDurationMs, 3 * DAY);
    assert.equal(s.longestDrawdownMs, 3 * DAY);
  });

  it('runs an unrecovered drawdown to the end of the curve', () => {
    const equity = daily([100, 90, 120, 100, 60, 70, 80]);
    const s = computeStatistics(input(equity));
    assert.equal(s.maxDrawdown, 0.5);
    assert.equal(s.maxDrawdownRecovered, false);
    assert.equal(s.maxDrawdownStart, new Date(equity.ts[2]!).toISOString());
    assert.equal(s.maxDrawdownEnd, new Date(equity.ts[6]!).toISOString());
    assert.equal(s.maxDrawdownDurationMs, 4 * DAY);
  });

  it('reports the final equity exactly from minor units and the total return against the starting cash', () => {
    const s = computeStatistics(input(daily([10_000_000, 10_003_333]), { startingCashMinor: 10_000_000 }));
    assert.equal(s.startingEquity, 100_000);
    assert.equal(s.finalEquity, 100_033.33);
    assert.equal(s.netProfit, 33.33);
    assert.equal(s.totalReturn, 0.000333);
  });

  it('annualizes the return over the calendar span (CAGR)', () => {
    const equity = curve([[T0, 100_000], [T0 + 2 * 365.25 * DAY, 121_000]]);
    const s = computeStatistics(input(equity));
    assert.equal(s.totalReturn, 0.21);
    assert.equal(s.annualizedReturn, 0.1);
    assert.equal(s.startTime, '2024-01-01T00:00:00.000Z');
  });

  it('computes Sharpe and Sortino from daily returns, annualized by √252', () => {
    // Daily returns +1 %, −1 %, +2 %, +1 %, −1 % from a start of 1,000,000.
    const returns = [0.01, -0.01, 0.02, 0.01, -0.01];
    const closes: number[] = [];
    let value = 1_000_000;
    for (const r of returns) closes.push((value *= 1 + r));
    // Intraday points before each close must not count: a day's value is its last one.
    const points: [number, number][] = [];
    closes.forEach((close, i) => {
      points.push([T0 + i * DAY + 10 * 3_600_000, close * 0.5]);
      points.push([T0 + i * DAY + 16 * 3_600_000, close]);
    });
    const s = computeStatistics(input(curve(points), { startingCashMinor: 1_000_000 }));
    // mean 0.004; squared deviations 36+196+256+36+196 = 720 (×1e-6); sample variance 720e-6 / 4.
    const sharpe = (0.004 / Math.sqrt(720e-6 / 4)) * Math.sqrt(252);
    // downside: (0.01² + 0.01²) / 5 over all five returns.
    const sortino = (0.004 / Math.sqrt(2e-4 / 5)) * Math.sqrt(252);
    near(s.sharpe, sharpe);
    near(s.sortino, sortino);
    assert.equal(s.tradingDays, 5);
    near(s.sharpe, 4.732864, 1e-6);
  });

  it('uses the given number of trading days per year', () => {
    const equity = daily([100, 101, 100, 102]);
    const s252 = computeStatistics(input(equity));
    const s365 = computeStatistics(input(equity, { tradingDaysPerYear: 365 }));
    near(s365.sharpe / s252.sharpe, Math.sqrt(365 / 252), 1e-4);
  });

  it('reports Sharpe and Sortino as 0 when they are undefined', () => {
    const flat = computeStatistics(input(daily([100, 100, 100])));
    assert.equal(flat.sharpe, 0);
    assert.equal(flat.sortino, 0);
    const oneDay = computeStatistics(input(curve([[T0, 100], [T0 + 3_600_000, 105]])));
    assert.equal(oneDay.sharpe, 0);
    const noLosingDay = computeStatistics(input(daily([100, 101, 103])));
    assert.ok(noLosingDay.sharpe > 0);
    assert.equal(noLosingDay.sortino, 0);
  });

  it('summarizes trades: win rate, profit factor, average, best and worst', () => {
    const trades = [1_000, -500, 2_000, 0, -250].map((pnlMinor) => ({ pnlMinor }));
    const s = computeStatistics(input(drawdownCurve, { trades, commissionMinor: 1_234 }));
    assert.equal(s.trades, 5);
    assert.equal(s.winningTrades, 2);
    assert.equal(s.losingTrades, 2);
    assert.equal(s.winRate, 0.4);
    assert.equal(s.profitFactor, 4);
    assert.equal(s.averageTradePnl, 4.5);
    assert.equal(s.bestTrade, 20);
    assert.equal(s.worstTrade, -5);
    assert.equal(s.commissionsPaid, 12.34);
  });

  it('reports the profit factor as null when no trade lost, and zeros when there are no trades', () => {
    assert.equal(computeStatistics(input(drawdownCurve, { trades: [{ pnlMinor: 5 }] })).profitFactor, null);
    const none = computeStatistics(input(drawdownCurve));
    assert.equal(none.trades, 0);
    assert.equal(none.winRate, 0);
    assert.equal(none.profitFactor, null);
    assert.equal(none.bestTrade, 0);
    assert.equal(none.worstTrade, 0);
    assert.equal(none.averageTradePnl, 0);
  });

  it('measures exposure as the share of bars with a position open', () => {
    assert.equal(computeStatistics(input(drawdownCurve, { barsInMarket: 30, totalBars: 120 })).exposureTime, 0.25);
  });

  it('produces plain JSON (no Infinity or NaN)', () => {
    const s = computeStatistics(input(drawdownCurve, { trades: [{ pnlMinor: 5 }] }));
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  });

  it('refuses an empty equity curve', () => {
    assert.throws(() => computeStatistics(input(curve([]), { startingCashMinor: 100 })), ValidationError);
  });
});

describe('dailyReturns', () => {
  it('takes the last value of each UTC day and skips days without points', () => {
    const equity = curve([
      [T0 + 1_000, 100], [T0 + 23 * 3_600_000, 110],
      [T0 + 3 * DAY, 99],
      [T0 + 4 * DAY + 1, 50], [T0 + 5 * DAY - 1, 99],
    ]);
    assert.deepEqual(Array.from(dailyReturns(equity)), [99 / 110 - 1, 0]);
    assert.deepEqual(Array.from(dailyReturns(equity, 100)), [110 / 100 - 1, 99 / 110 - 1, 0]);
  });
});
