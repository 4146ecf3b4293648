import { decimalsOf, minorDigitsOf, timeframeMs, type BarSeries } from '../core/index.js';
import { downsampleMinMax } from './downsample.js';
import type { EquityCurve } from './EquityRecorder.js';
import { formatMoney } from './reportFormat.js';
import type { OpenTrade, RoundTripTrade } from './roundTrip.js';
import type { BacktestStatistics } from './statistics.js';

export interface ReportInput {
  readonly title: string;
  readonly instrumentId: string;
  readonly currency: string;
  readonly bars: BarSeries;
  readonly trades: readonly RoundTripTrade[];
  readonly openTrades?: readonly OpenTrade[];
  readonly equity: EquityCurve;
  /** Positive drawdown fractions per equity point (`drawdownSeries`). */
  readonly drawdown: Float64Array;
  readonly statistics: BacktestStatistics;
  readonly parameters: Readonly<Record<string, string | number>>;
  /** Text of lightweight-charts' standalone bundle (the caller reads it; backtest does no I/O). */
  readonly chartLibrarySource: string;
  /** Decimals of the instrument's prices; derived from the bars when absent. */
  readonly pricePrecision?: number;
  /** Above this many bars the price is drawn as a downsampled line of closes (default 20,000). */
  readonly maxCandles?: number;
  /** Most points drawn per line (default 4,000). */
  readonly maxLinePoints?: number;
}

export interface ChartMarker {
  readonly time: number;
  readonly position: 'aboveBar' | 'belowBar';
  readonly shape: 'arrowUp' | 'arrowDown' | 'circle';
  readonly color: string;
  readonly text: string;
  readonly size: number;
}

/** What the page's script draws; embedded as JSON. Chart times are UTC seconds. */
export interface ReportData {
  readonly title: string;
  readonly instrumentId: string;
  readonly currency: string;
  readonly currencyDigits: number;
  readonly pricePrecision: number;
  readonly intraday: boolean;
  readonly startingEquity: number;
  readonly price:
    | { readonly kind: 'candles'; readonly time: number[]; readonly open: number[]; readonly high: number[]; readonly low: number[]; readonly close: number[] }
    | { readonly kind: 'line'; readonly time: number[]; readonly close: number[]; readonly barCount: number };
  readonly equity: { readonly time: number[]; readonly value: number[] };
  /** Drawdown in negative percent (−12.5 = 12.5 % below the peak). */
  readonly drawdown: { readonly time: number[]; readonly value: number[] };
  readonly markers: ChartMarker[];
  readonly trades: readonly RoundTripTrade[];
  readonly openTrades: readonly OpenTrade[];
  readonly statistics: BacktestStatistics;
  readonly parameters: Readonly<Record<string, string | number>>;
}

const COLORS = { long: '#2962ff', short: '#ff6d00', win: '#089981', loss: '#f23645' } as const;
/** Markers carry text (side, P&L) only when few enough to stay readable; many trades get smaller markers. */
const MARKER_TEXT_MAX_TRADES = 20;
const SMALL_MARKERS_FROM_TRADES = 200;

/** Pick points `indices` of a ms-time series as ascending UTC seconds (a later point in the same second wins). */
function chartPoints(ts: Float64Array, indices: ArrayLike<number>, value: (i: number) => number): { time: number[]; value: number[] } {
  const time: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const seconds = Math.floor(ts[i]! / 1000);
    if (time.length > 0 && seconds <= time[time.length - 1]!) {
      values[values.length - 1] = value(i);
      continue;
    }
    time.push(seconds);
    values.push(value(i));
  }
  return { time, value: values };
}

function derivePricePrecision(bars: BarSeries): number {
  let precision = 0;
  for (let i = 0; i < Math.min(bars.length, 500); i++) precision = Math.max(precision, decimalsOf(bars.close[i]!), decimalsOf(bars.open[i]!));
  return Math.min(precision, 8);
}

function priceData(input: ReportInput, maxCandles: number, maxLinePoints: number): ReportData['price'] {
  const { bars } = input;
  if (bars.length <= maxCandles) {
    const all = downsampleMinMax(bars.close, bars.length, bars.length);
    const close = chartPoints(bars.ts, all, (i) => bars.close[i]!);
    const pick = (column: Float64Array) => chartPoints(bars.ts, all, (i) => column[i]!).value;
    return { kind: 'candles', time: close.time, open: pick(bars.open), high: pick(bars.high), low: pick(bars.low), close: close.value };
  }
  const line = chartPoints(bars.ts, downsampleMinMax(bars.close, bars.length, maxLinePoints), (i) => bars.close[i]!);
  return { kind: 'line', time: line.time, close: line.value, barCount: bars.length };
}

/** The last displayed time at or before `seconds` (markers must sit on a drawn point). */
function snap(times: readonly number[], seconds: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0 || seconds <= times[0]!) return times[0] ?? seconds;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (times[mid]! <= seconds) lo = mid;
    else hi = mid - 1;
  }
  return times[lo]!;
}

function markers(input: ReportInput, times: readonly number[]): ChartMarker[] {
  const own = input.trades.filter((t) => t.instrument === input.instrumentId);
  const open = (input.openTrades ?? []).filter((t) => t.instrument === input.instrumentId);
  const withText = own.length + open.length <= MARKER_TEXT_MAX_TRADES;
  const size = own.length + open.length >= SMALL_MARKERS_FROM_TRADES ? 0.5 : 1;
  const out: ChartMarker[] = [];
  const entry = (t: RoundTripTrade | OpenTrade): ChartMarker => ({
    time: snap(times, Math.floor(t.entryTime / 1000)),
    position: t.side === 'LONG' ? 'belowBar' : 'aboveBar',
    shape: t.side === 'LONG' ? 'arrowUp' : 'arrowDown',
    color: t.side === 'LONG' ? COLORS.long : COLORS.short,
    text: withText ? (t.side === 'LONG' ? 'Long' : 'Short') : '',
    size,
  });
  for (const t of own) {
    out.push(entry(t));
    out.push({
      time: snap(times, Math.floor(t.exitTime / 1000)),
      position: t.side === 'LONG' ? 'aboveBar' : 'belowBar',
      shape: 'circle',
      color: t.pnlMinor >= 0 ? COLORS.win : COLORS.loss,
      text: withText ? `${t.pnlMinor >= 0 ? '+' : ''}${formatMoney(t.pnl, t.currency)}` : '',
      size,
    });
  }
  for (const t of open) out.push(entry(t));
  return out.sort((a, b) => a.time - b.time);
}

export function buildReportData(input: ReportInput): ReportData {
  const maxCandles = input.maxCandles ?? 20_000;
  const maxLinePoints = input.maxLinePoints ?? 4_000;
  const currencyDigits = minorDigitsOf(input.currency);
  const scale = 10 ** currencyDigits;
  const { equity, drawdown } = input;
  const price = priceData(input, maxCandles, maxLinePoints);
  const equityPoints = chartPoints(equity.ts, downsampleMinMax(equity.valueMinor, equity.length, maxLinePoints), (i) => Math.round(equity.valueMinor[i]!) / scale);
  const drawdownPoints = chartPoints(
    equity.ts,
    downsampleMinMax(drawdown, Math.min(drawdown.length, equity.length), maxLinePoints),
    (i) => -Math.round(drawdown[i]! * 1e6) / 1e4,
  );
  return {
    title: input.title,
    instrumentId: input.instrumentId,
    currency: input.currency,
    currencyDigits,
    pricePrecision: input.pricePrecision ?? derivePricePrecision(input.bars),
    intraday: timeframeMs(input.bars.timeframe) < 86_400_000,
    startingEquity: input.statistics.startingEquity,
    price,
    equity: equityPoints,
    drawdown: drawdownPoints,
    markers: markers(input, price.time),
    trades: input.trades,
    openTrades: input.openTrades ?? [],
    statistics: input.statistics,
    parameters: input.parameters,
  };
}
