import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger, toUnits } from '../../core/index.js';
import { makeTempDir, sharedDataFile, skipUnlessSharedData } from '../../testing/index.js';
import { loadSeriesFromFile } from './loadSeries.js';
import { runBacktest } from './runBacktest.js';

const FILE = 'orcl-1995-2014.txt';

/**
 * The example, checked against an independent, deliberately plain re-implementation of its stated
 * semantics: buy 100 when SMA(10) crosses above SMA(30) and no position is open, sell all when it crosses
 * below, market orders filled at the next bar's open, raw (unadjusted) prices.
 */
describe('ORCL 1995–2014 sma-crossover example', () => {
  it('trades exactly what a plain reference computation says', { skip: skipUnlessSharedData(FILE) }, async () => {
    const { series, instrument } = loadSeriesFromFile(sharedDataFile(FILE), { exchange: 'NYSE', currency: 'USD', lotSize: 1 }, {}, silentLogger, makeTempDir());
    const result = await runBacktest({
      series, instrument, strategy: 'sma-crossover', params: { fast: '10', slow: '30' }, quantity: 100,
      startingCashMinor: 10_000_000, broker: { fillModel: 'next-open' },
    });

    const units = Array.from(series.close, (c) => toUnits(c, 6));
    const mean = (end: number, n: number): number => units.slice(end - n + 1, end + 1).reduce((a, b) => a + b, 0) / (n * 1e6);
    const expected: { entryTime: number; entryPrice: number; exitTime: number; exitPrice: number }[] = [];
    let sign = 0;
    let long = false;
    let entry: { time: number; price: number } | undefined;
    for (let i = 29; i < series.length - 1; i++) {
      const diff = mean(i, 10) - mean(i, 30);
      const next = diff > 0 ? 1 : diff < 0 ? -1 : sign;
      if (sign !== 0 && next !== sign) {
        if (next > 0 && !long) {
          long = true;
          entry = { time: series.ts[i + 1]!, price: series.open[i + 1]! };
        } else if (next < 0 && long) {
          long = false;
          expected.push({ entryTime: entry!.time, entryPrice: entry!.price, exitTime: series.ts[i + 1]!, exitPrice: series.open[i + 1]! });
        }
      }
      sign = next;
    }

    assert.equal(result.risk.rejected, 0, 'the default risk rules let the example through unchanged');
    assert.deepEqual(
      result.trades.map((t) => ({ entryTime: t.entryTime, entryPrice: t.entryPrice, exitTime: t.exitTime, exitPrice: t.exitPrice })),
      expected,
    );
    // Each fill's money is rounded once, half to even, to the cent: 100 shares × price with 6 decimals.
    const cents = (price: number): number => {
      const hundredths = toUnits(price, 6); // 100 shares × units / 10^6 dollars = units / 10^4 dollars = units / 100 cents
      const whole = Math.floor(hundredths / 100);
      const rest = hundredths - whole * 100;
      return rest > 50 || (rest === 50 && whole % 2 === 1) ? whole + 1 : whole;
    };
    const pnlMinor = expected.reduce((sum, t) => sum + cents(t.exitPrice) - cents(t.entryPrice), 0);
    assert.equal(result.trades.reduce((sum, t) => sum + t.pnlMinor, 0), pnlMinor);
    assert.ok(result.trades.every((t) => t.quantity === 100 && t.side === 'LONG'));
    assert.equal(result.openTrades.length, long ? 1 : 0);
  });
});
