import { join } from 'node:path';
import { TIMEFRAMES, ValidationError, isTimeframe, timeframeMs, type Timeframe } from '../../core/index.js';
import { createDefaultStrategyRegistry } from '../../strategy/index.js';
import { ControlError, type BacktestRequest } from '../../api/index.js';
import { findDataFile } from './findDataFile.js';
import type { BacktestPlan, BacktestSource } from './backtestProtocol.js';

export interface PlanContext {
  readonly jobId: string;
  readonly jobsDir: string;
  readonly dataDir: string;
  readonly cacheDir: string;
}

export const SYNTHETIC_PREFIX = 'synthetic:';
/** Synthetic bars when no `from`/`to` is given, and the most a request may ask for. */
export const DEFAULT_SYNTHETIC_BARS = 2_000;
export const MAX_SYNTHETIC_BARS = 1_000_000;
/** Where synthetic bars start without `from`: a NYSE open (14:30 UTC, 2 January 2024). */
const SYNTHETIC_START_MS = Date.UTC(2024, 0, 2, 14, 30);
const DEFAULT_STARTING_CASH = 100_000;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)?$/;

/**
 * Check a request before it is queued, so a person learns at once what is wrong and where (the field):
 * a known strategy with valid parameters, one instrument whose data exists (a CSV file in the data
 * directory, or `synthetic:<SYMBOL>`), a known timeframe, a time window that makes sense.
 */
export function planBacktest(request: BacktestRequest, context: PlanContext): BacktestPlan {
  if (request.instruments.length !== 1) {
    throw new ControlError('INVALID', `a backtest runs one instrument; got ${request.instruments.length}`, 'instruments');
  }
  const timeframe = timeframeOf(request.timeframe);
  const fromMs = timeOf(request.from, 'from');
  const toMs = timeOf(request.to, 'to');
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs)) throw new ControlError('INVALID', `from (${request.from}) must be before to (${request.to})`, 'from');
  const startingCash = request.startingCash ?? DEFAULT_STARTING_CASH;
  if (!(Number.isFinite(startingCash) && startingCash > 0)) throw new ControlError('INVALID', `startingCash must be positive, got ${startingCash}`, 'startingCash');
  const source = sourceOf(request.instruments[0]!, context.dataDir, timeframe ?? '1m', fromMs, toMs);
  const params = request.params ?? {};
  checkStrategy(request.strategy, params, source, timeframe ?? '1m');
  return {
    jobId: context.jobId,
    outDir: join(context.jobsDir, context.jobId),
    cacheDir: context.cacheDir,
    source,
    strategy: request.strategy,
    params,
    ...(timeframe !== undefined ? { timeframe } : {}),
    ...(fromMs !== undefined ? { fromMs } : {}),
    ...(toMs !== undefined ? { toMs } : {}),
    startingCash,
    currency: 'USD',
    seed: 1,
  };
}

function sourceOf(raw: string, dataDir: string, timeframe: Timeframe, fromMs: number | undefined, toMs: number | undefined): BacktestSource {
  const field = 'instruments.0';
  const synthetic = raw.startsWith(SYNTHETIC_PREFIX);
  const name = synthetic ? raw.slice(SYNTHETIC_PREFIX.length) : raw;
  if (!NAME_PATTERN.test(name)) {
    throw new ControlError('INVALID', `instrument "${raw}" must be SYMBOL, SYMBOL.EXCHANGE, a data file's name without extension, or synthetic:SYMBOL`, field);
  }
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const exchange = dot > 0 ? name.slice(dot + 1).toUpperCase() : synthetic ? 'SIM' : 'NYSE';
  const symbol = stem.split(/[-_]/)[0]!.toUpperCase();
  if (synthetic) {
    const startMs = fromMs ?? SYNTHETIC_START_MS;
    const stepMs = timeframeMs(timeframe);
    const bars = toMs !== undefined ? Math.floor((toMs - startMs) / stepMs) : DEFAULT_SYNTHETIC_BARS;
    if (bars < 1) throw new ControlError('INVALID', `from ${new Date(startMs).toISOString()} to ${new Date(toMs!).toISOString()} holds no ${timeframe} bar`, 'to');
    if (bars > MAX_SYNTHETIC_BARS) throw new ControlError('INVALID', `that window holds ${bars} ${timeframe} bars; at most ${MAX_SYNTHETIC_BARS} synthetic bars per backtest`, 'to');
    return { kind: 'synthetic', symbol, exchange, bars, startMs, seed: 1 };
  }
  const path = findDataFile(dataDir, stem);
  if (path === undefined) {
    throw new ControlError('INVALID', `no data file for "${stem}" in ${dataDir} (looked for ${stem}.csv, ${stem}.txt or ${stem}-….csv/.txt); or run on synthetic:${symbol}`, field);
  }
  return { kind: 'csv', path, symbol, exchange };
}

/** The parameters are checked by the strategy's own schema, exactly as the worker will build it. */
function checkStrategy(strategy: string, params: Readonly<Record<string, unknown>>, source: BacktestSource, timeframe: Timeframe): void {
  const registry = createDefaultStrategyRegistry();
  if (registry.get(strategy) === undefined) {
    const known = registry.list().map((s) => s.name).join(', ');
    throw new ControlError('INVALID', `unknown strategy "${strategy}" (known: ${known})`, 'strategy');
  }
  try {
    registry.create(strategy, params, { instrumentIds: [`${source.symbol}.${source.exchange}`], timeframe });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const parameters = error.details?.['parameters'];
    const first = Array.isArray(parameters) && typeof parameters[0] === 'string' ? `params.${parameters[0]}` : 'params';
    throw new ControlError('INVALID', error.message, first);
  }
}

function timeframeOf(text: string | undefined): Timeframe | undefined {
  if (text === undefined) return undefined;
  if (!isTimeframe(text)) throw new ControlError('INVALID', `unknown timeframe "${text}" (allowed: ${TIMEFRAMES.join(', ')})`, 'timeframe');
  return text;
}

/** An ISO-8601 date or date-time (UTC unless it says otherwise). */
function timeOf(text: string | undefined, field: string): number | undefined {
  if (text === undefined) return undefined;
  // A date-time without a zone is read as UTC (Date.parse would read it in the server's local zone).
  const zoned = /T[\d:.]+$/.test(text) ? `${text}Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(zoned) : Number.NaN;
  if (!Number.isFinite(ms)) throw new ControlError('INVALID', `${field} "${text}" is not an ISO-8601 date such as 2014-01-31 or 2014-01-31T14:30:00Z`, field);
  return ms;
}
