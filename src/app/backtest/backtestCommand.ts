import { basename } from 'node:path';
import { SqliteEventStore } from '../../adapters/stores/index.js';
import { amountToMinor, minorDigitsOf, type EventStore, type Logger } from '../../core/index.js';
import { buildReportHtml, buildResultJson } from './backtestOutputs.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { parseBacktestFlags, parseColumnsFlag, parseStrategyParamFlags } from './backtestFlags.js';
import { loadSeriesFromFile, syntheticSeries, type LoadedSeries } from './loadSeries.js';
import { runBacktest, type BacktestResult } from './runBacktest.js';
import { loadRiskFile } from '../risk/index.js';

/** Binary bar caches live here (never beside a data file: data directories may be shared or read-only). */
export const DEFAULT_CACHE_DIR = '.fortress/cache';

export interface BacktestCommandHooks {
  readonly logger: Logger;
  readonly onProgress?: (done: number, total: number) => void;
  /** Called once the bars are loaded, before the run (so a progress bar knows its length). */
  readonly onLoaded?: (bars: number, instrumentId: string) => void;
}

export interface BacktestCommandOutcome {
  readonly result: BacktestResult;
  readonly loaded: LoadedSeries;
  readonly written: readonly string[];
  readonly elapsedMs: number;
}

/** `fortress backtest`: validate flags, load bars, run, write result.json / report.html / the event log. */
export async function runBacktestCommand(raw: Readonly<Record<string, unknown>>, hooks: BacktestCommandHooks): Promise<BacktestCommandOutcome> {
  const flags = parseBacktestFlags(raw);
  const params = parseStrategyParamFlags(flags.param);
  const instrumentFlags = {
    exchange: flags.exchange,
    currency: flags.currency,
    lotSize: flags.lotSize,
    ...(flags.symbol !== undefined ? { symbol: flags.symbol } : {}),
    ...(flags.tickSize !== undefined ? { tickSize: flags.tickSize } : {}),
  };
  const loaded =
    flags.data !== undefined
      ? loadSeriesFromFile(
          flags.data,
          instrumentFlags,
          {
            timeZone: flags.tz,
            timestampMarks: flags.timestampMarks,
            adjusted: flags.adjusted,
            ...(flags.columns !== undefined ? { columns: parseColumnsFlag(flags.columns) } : {}),
            ...(flags.timeframe !== undefined ? { timeframe: flags.timeframe } : {}),
            ...(flags.dateFormat !== undefined ? { dateFormat: flags.dateFormat } : {}),
          },
          hooks.logger.child({ component: 'data' }),
          flags.cacheDir ?? DEFAULT_CACHE_DIR,
        )
      : syntheticSeries({ ...instrumentFlags, bars: flags.synthetic!, timeframe: flags.timeframe ?? '1m', seed: flags.seed, startMs: Date.UTC(2024, 0, 2, 14, 30) });
  hooks.onLoaded?.(loaded.series.length, loaded.instrument.id);

  const digits = minorDigitsOf(flags.currency);
  const store: EventStore | undefined = flags.store !== undefined ? SqliteEventStore.open(flags.store) : undefined;
  const started = performance.now();
  let result: BacktestResult;
  try {
    result = await runBacktest({
      series: loaded.series,
      instrument: loaded.instrument,
      strategy: flags.strategy,
      params,
      quantity: flags.qty,
      startingCashMinor: amountToMinor(flags.cash, digits),
      broker: {
        fillModel: flags.fill,
        slippageBps: flags.slippageBps,
        maxVolumeShare: flags.volumeShare,
        commission: {
          perOrderMinor: amountToMinor(flags.commissionPerOrder, digits),
          perUnit: flags.commissionPerShare,
          pctOfNotionalBps: flags.commissionPctBps,
          minimumMinor: amountToMinor(flags.commissionMin, digits),
        },
      },
      seed: flags.seed,
      logger: hooks.logger,
      ...(flags.risk !== undefined ? { risk: loadRiskFile(flags.risk) } : {}),
      ...(store !== undefined ? { store } : {}),
      ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
    });
  } finally {
    await store?.close();
  }
  const elapsedMs = performance.now() - started;

  const run: Record<string, string | number | boolean> = {
    data: flags.data !== undefined ? basename(flags.data) : `synthetic:${flags.synthetic}`,
    instrument: loaded.instrument.id,
    timeframe: loaded.series.timeframe,
    bars: loaded.series.length,
    strategy: flags.strategy,
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [`param.${k}`, v])),
    qty: flags.qty,
    cash: flags.cash,
    fill: flags.fill,
    slippageBps: flags.slippageBps,
    prices: flags.adjusted ? 'adjusted' : 'raw',
    risk: flags.risk !== undefined ? basename(flags.risk) : 'defaults',
    seed: flags.seed,
  };
  const written: string[] = [];
  if (flags.json !== undefined) {
    writeFileAtomic(flags.json, `${JSON.stringify(buildResultJson(result, run), null, 2)}\n`);
    written.push(flags.json);
  }
  if (flags.report !== undefined) {
    const title = `${flags.strategy} on ${loaded.instrument.id}`;
    const shown = Object.fromEntries(Object.entries(run).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
    writeFileAtomic(flags.report, buildReportHtml(result, loaded.series, loaded.instrument, title, shown));
    written.push(flags.report);
  }
  if (flags.store !== undefined) written.push(flags.store);
  return { result, loaded, written, elapsedMs };
}
