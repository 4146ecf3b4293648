import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { BacktestStatistics } from '../../backtest/index.js';
import { amountToMinor, minorDigitsOf, silentLogger } from '../../core/index.js';
import { buildReportHtml, buildResultJson } from '../backtest/backtestOutputs.js';
import { loadSeriesFromFile, syntheticSeries, type LoadedSeries } from '../backtest/loadSeries.js';
import { runBacktest } from '../backtest/runBacktest.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { ENTRY_SHARE_OF_CASH, REPORT_FILE, RESULT_FILE, type BacktestPlan, type BacktestWorkerMessage } from './backtestProtocol.js';
import { sliceSeries } from './sliceSeries.js';

/**
 * One backtest job on its own thread (started by createBacktestJobs; not imported anywhere): a long run
 * never holds the live node's event loop. Loads the bars, replays them through the same graph as
 * `fortress backtest`, writes result.json and report.html, and reports progress on the way.
 */
const post = (message: BacktestWorkerMessage): void => parentPort!.postMessage(message);

async function run(plan: BacktestPlan): Promise<void> {
  const loaded = sliceLoaded(load(plan), plan);
  const { series, instrument } = loaded;
  if (series.length === 0) throw new Error(`no ${series.timeframe} bars of ${instrument.id} between ${iso(plan.fromMs)} and ${iso(plan.toMs)}`);
  post({ kind: 'loaded', bars: series.length, instrumentId: instrument.id });
  const startingCashMinor = amountToMinor(plan.startingCash, minorDigitsOf(plan.currency));
  const quantity = plan.quantity ?? entryQuantity(plan.startingCash, highestClose(series.close), instrument.lotSize);
  const result = await runBacktest({
    series,
    instrument,
    strategy: plan.strategy,
    params: plan.params,
    quantity,
    startingCashMinor,
    broker: { fillModel: 'next-open', slippageBps: 0 },
    seed: plan.seed,
    onProgress: (done, total) => post({ kind: 'progress', done, total }),
  });
  const run: Record<string, string | number | boolean> = {
    data: plan.source.kind === 'csv' ? plan.source.path.split(/[\\/]/).pop()! : `synthetic:${plan.source.symbol}`,
    instrument: instrument.id,
    timeframe: series.timeframe,
    bars: series.length,
    strategy: plan.strategy,
    ...Object.fromEntries(Object.entries(plan.params).map(([k, v]) => [`param.${k}`, v])),
    qty: quantity,
    cash: plan.startingCash,
    seed: plan.seed,
  };
  mkdirSync(plan.outDir, { recursive: true });
  writeFileAtomic(join(plan.outDir, RESULT_FILE), `${JSON.stringify(buildResultJson(result, run), null, 2)}\n`);
  const shown = Object.fromEntries(Object.entries(run).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
  writeFileAtomic(join(plan.outDir, REPORT_FILE), buildReportHtml(result, series, instrument, `${plan.strategy} on ${instrument.id}`, shown));
  post({ kind: 'done', summary: summaryOf(result.statistics, instrument.id, series.length) });
}

function highestClose(close: Float64Array): number {
  let highest = 0;
  for (let i = 0; i < close.length; i++) if (close[i]! > highest) highest = close[i]!;
  return highest;
}

/** Whole lots worth ENTRY_SHARE_OF_CASH of the cash at `price` (at least one lot): sized at the series' highest close, no entry breaks the default position limit. */
function entryQuantity(cash: number, price: number, lotSize: number): number {
  const lots = Math.floor((cash * ENTRY_SHARE_OF_CASH) / (price * lotSize));
  return Math.max(1, lots) * lotSize;
}

function load(plan: BacktestPlan): LoadedSeries {
  const { source } = plan;
  const instrumentFlags = { symbol: source.symbol, exchange: source.exchange, currency: plan.currency, lotSize: 1 };
  if (source.kind === 'synthetic') {
    return syntheticSeries({ ...instrumentFlags, bars: source.bars, timeframe: plan.timeframe ?? '1m', seed: source.seed, startMs: source.startMs });
  }
  const csv = { timeZone: 'UTC', ...(plan.timeframe !== undefined ? { timeframe: plan.timeframe } : {}) };
  return loadSeriesFromFile(source.path, instrumentFlags, csv, silentLogger, plan.cacheDir);
}

function sliceLoaded(loaded: LoadedSeries, plan: BacktestPlan): LoadedSeries {
  if (plan.source.kind === 'synthetic') return loaded;
  return { series: sliceSeries(loaded.series, plan.fromMs, plan.toMs), instrument: loaded.instrument };
}

/** The headline figures the job list shows (amounts in the account currency; non-finite ratios as null). */
function summaryOf(s: BacktestStatistics, instrumentId: string, bars: number): Record<string, number | string | null> {
  const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
  return {
    instrument: instrumentId,
    bars,
    currency: s.currency,
    startTime: s.startTime,
    endTime: s.endTime,
    finalEquity: s.finalEquity,
    netProfit: s.netProfit,
    totalReturn: finite(s.totalReturn),
    sharpe: finite(s.sharpe),
    maxDrawdown: finite(s.maxDrawdown),
    trades: s.trades,
    winRate: finite(s.winRate),
    profitFactor: finite(s.profitFactor),
  };
}

function iso(ms: number | undefined): string {
  return ms === undefined ? 'the edge of the data' : new Date(ms).toISOString();
}

run(workerData as BacktestPlan).catch((error: unknown) => {
  post({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
});
