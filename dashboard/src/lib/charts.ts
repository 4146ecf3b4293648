import {
  AreaSeries,
  BaselineSeries,
  CandlestickSeries,
  LineSeries,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';

export { AreaSeries, BaselineSeries, CandlestickSeries, LineSeries, createSeriesMarkers };
export type { IChartApi, ISeriesApi, SeriesMarker, Time, UTCTimestamp };

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Colours of the page's theme (light or dark) for charts. */
export function chartColors(): { text: string; grid: string; accent: string; up: string; down: string; panel: string } {
  return {
    text: cssVar('--muted', '#667085'),
    grid: cssVar('--line', '#e3e6eb'),
    accent: cssVar('--accent', '#2962ff'),
    up: cssVar('--up', '#089981'),
    down: cssVar('--down', '#f23645'),
    panel: cssVar('--panel', '#ffffff'),
  };
}

/** A chart that sizes itself to its box and follows the page's theme. */
export function createThemedChart(container: HTMLElement, options: { readonly intraday?: boolean; readonly seconds?: boolean } = {}): IChartApi {
  const colors = chartColors();
  return createChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: colors.text, attributionLogo: false },
    grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
    rightPriceScale: { borderColor: colors.grid },
    timeScale: { borderColor: colors.grid, timeVisible: options.intraday ?? true, secondsVisible: options.seconds ?? false },
    crosshair: { mode: 0 },
  });
}

export function toChartTime(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp;
}

/**
 * Points in ascending whole seconds, as lightweight-charts requires: a later point in the same second
 * replaces the earlier one, and points out of order are dropped.
 */
export function toLinePoints(points: readonly (readonly [number, number])[]): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (const [ms, value] of points) {
    const time = toChartTime(ms);
    const last = out[out.length - 1];
    if (last !== undefined && time < last.time) continue;
    if (last !== undefined && time === last.time) last.value = value;
    else out.push({ time, value });
  }
  return out;
}
