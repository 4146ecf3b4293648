import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../testing/index.js';
import { syntheticSeries } from '../backtest/loadSeries.js';
import { runBacktest } from '../backtest/runBacktest.js';
import { loadRiskFile } from './riskFile.js';

const { series, instrument } = syntheticSeries({ exchange: 'SIM', currency: 'USD', lotSize: 1, bars: 5_000, timeframe: '1m', seed: 3, startMs: Date.UTC(2024, 0, 2) });
const run = (risk?: ReturnType<typeof loadRiskFile>) =>
  runBacktest({
    series, instrument, strategy: 'sma-crossover', params: { fast: 5, slow: 20 }, quantity: 10, startingCashMinor: 10_000_000,
    broker: { fillModel: 'next-open' }, ...(risk !== undefined ? { risk } : {}),
  });

describe('a backtest under a risk file', () => {
  it('runs under the rules of the file, and the result counts rejections by rule', async () => {
    const file = join(makeTempDir(), 'risk_rules.yaml');
    writeFileSync(file, 'rules:\n  maxOrdersPerInstrumentPerDay: { limit: 20 }\n  maxOrderQuantity: { limit: 1000 }\n');
    const defaults = await run();
    const limited = await run(loadRiskFile(file));
    assert.equal(defaults.risk.rejected, 0);
    assert.ok(limited.risk.rejected > 0);
    assert.deepEqual(Object.keys(limited.risk.byRule), ['max-orders-per-instrument-per-day']);
    assert.ok(limited.risk.approved < defaults.risk.approved);
  });

  it('a daily-loss limit HALTS the run and the log says who and why', async () => {
    const file = join(makeTempDir(), 'risk_rules.yaml');
    writeFileSync(file, 'rules:\n  maxDailyLoss: { limit: 1 }\n');
    const result = await run(loadRiskFile(file));
    const events = (await result.store.read()).map((s) => s.event);
    const change = events.find((e) => e.type === 'TradingStateChanged');
    assert.ok(change?.type === 'TradingStateChanged');
    assert.equal(change.payload.to, 'HALTED');
    assert.equal(change.payload.by, 'max-daily-loss');
    assert.equal(result.node.risk.tradingStatus.state, 'HALTED');
    const after = events.slice(events.indexOf(change)).filter((e) => e.type === 'OrderSubmitted');
    assert.equal(after.length, 0, 'no order after the halt');
    assert.ok((result.risk.byRule['trading-state'] ?? 0) > 0);
  });
});
