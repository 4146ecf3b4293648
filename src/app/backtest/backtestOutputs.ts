import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { drawdownSeries, renderReport } from '../../backtest/index.js';
import { minorDigitsOf, minorToAmount, type BarSeries, type Instrument } from '../../core/index.js';
import type { BacktestResult } from './runBacktest.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** `result.json`: the format other tools read (stats, trades, equity with ISO-8601 times, risk summary). */
export function buildResultJson(result: BacktestResult, run: Readonly<Record<string, string | number | boolean>>): unknown {
  const digits = minorDigitsOf(result.statistics.currency);
  const equity: [string, number][] = new Array(result.equity.length);
  for (let i = 0; i < result.equity.length; i++) {
    equity[i] = [iso(result.equity.ts[i]!), minorToAmount(result.equity.valueMinor[i]!, digits)];
  }
  return {
    run,
    stats: result.statistics,
    risk: result.risk,
    trades: result.trades.map((t) => ({
      instrument: t.instrument,
      strategy: t.strategyId,
      side: t.side,
      quantity: t.quantity,
      entryTime: iso(t.entryTime),
      entryPrice: t.entryPrice,
      exitTime: iso(t.exitTime),
      exitPrice: t.exitPrice,
      pnl: t.pnl,
      commission: t.commission,
      ...(t.bars !== undefined ? { bars: t.bars } : {}),
    })),
    openTrades: result.openTrades.map((t) => ({
      instrument: t.instrument,
      strategy: t.strategyId,
      side: t.side,
      quantity: t.openQuantity,
      entryTime: iso(t.entryTime),
      entryPrice: t.entryPrice,
      ...(t.markPrice !== undefined ? { markPrice: t.markPrice } : {}),
      ...(t.pnl !== undefined ? { unrealizedPnl: t.pnl } : {}),
    })),
    equity,
  };
}

let chartLibrary: string | undefined;

/** lightweight-charts' standalone bundle, inlined so the report is one self-contained file. */
export function chartLibrarySource(): string {
  if (chartLibrary === undefined) {
    const packageJson = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    chartLibrary = readFileSync(join(dirname(packageJson), 'dist', 'lightweight-charts.standalone.production.js'), 'utf8');
  }
  return chartLibrary;
}

export function buildReportHtml(
  result: BacktestResult,
  series: BarSeries,
  instrument: Instrument,
  title: string,
  parameters: Readonly<Record<string, string | number>>,
): string {
  return renderReport({
    title,
    instrumentId: instrument.id,
    currency: instrument.currency,
    bars: series,
    trades: result.trades,
    openTrades: result.openTrades,
    equity: result.equity,
    drawdown: drawdownSeries(result.equity),
    statistics: result.statistics,
    parameters,
    chartLibrarySource: chartLibrarySource(),
    pricePrecision: instrument.pricePrecision,
  });
}
