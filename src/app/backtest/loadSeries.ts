import { basename, extname } from 'node:path';
import { generateBars, loadBars, type CsvLoadOptions } from '../../adapters/feeds/index.js';
import { createInstrument, fromUnits, instrumentId, type BarSeries, type Instrument, type Logger, type Timeframe } from '../../core/index.js';

export interface InstrumentFlags {
  readonly symbol?: string;
  readonly exchange: string;
  readonly currency: string;
  readonly tickSize?: number;
  readonly lotSize: number;
}

export interface LoadedSeries {
  readonly series: BarSeries;
  readonly instrument: Instrument;
}

/** Bars from a CSV file (through the binary cache) and the instrument they belong to. */
export function loadSeriesFromFile(
  path: string,
  flags: InstrumentFlags,
  csv: Omit<CsvLoadOptions, 'instrumentId'>,
  logger: Logger,
  cacheDir?: string,
): LoadedSeries {
  const symbol = flags.symbol ?? basename(path, extname(path)).split(/[-_.]/)[0]!.toUpperCase();
  const id = instrumentId(symbol, flags.exchange);
  const loaded = loadBars(path, { ...csv, instrumentId: id, logger, ...(cacheDir !== undefined ? { cacheDir } : {}) });
  const instrument = createInstrument({
    symbol,
    exchange: flags.exchange,
    currency: flags.currency,
    tickSize: flags.tickSize ?? fromUnits(1, loaded.pricePrecision),
    lotSize: flags.lotSize,
  });
  return { series: loaded, instrument };
}

export interface SyntheticFlags extends InstrumentFlags {
  readonly bars: number;
  readonly timeframe: Timeframe;
  readonly seed: number;
  readonly startMs: number;
}

/** A seeded random-walk series for demos and benchmarks. */
export function syntheticSeries(flags: SyntheticFlags): LoadedSeries {
  const instrument = createInstrument({
    symbol: flags.symbol ?? 'SYNTH',
    exchange: flags.exchange,
    currency: flags.currency,
    tickSize: flags.tickSize ?? 0.01,
    lotSize: flags.lotSize,
  });
  const series = generateBars({
    instrumentId: instrument.id,
    timeframe: flags.timeframe,
    count: flags.bars,
    startMs: flags.startMs,
    startPrice: 100,
    volatility: 0.002,
    tickSize: instrument.tickSize,
    seed: flags.seed,
    baseVolume: 10_000,
  });
  return { series, instrument };
}
