import type { BacktestStatistics, ReportData } from './types.js';

/** The parts of `result.json` the dashboard draws when the report page cannot be read. */
export interface BacktestResultJson {
  readonly stats?: BacktestStatistics;
  readonly trades?: readonly {
    readonly instrument: string;
    readonly side: string;
    readonly quantity: number;
    readonly entryTime: string;
    readonly entryPrice: number;
    readonly exitTime: string;
    readonly exitPrice: number;
    readonly pnl: number;
  }[];
  readonly equity?: readonly (readonly [string, number])[];
  /** What risk made of the run's intents. */
  readonly risk?: { readonly approved?: number; readonly rejected?: number; readonly byRule?: Readonly<Record<string, number>> };
}

/**
 * The backtest report (one self-contained HTML page) carries everything it draws as JSON in
 * `<script type="application/json" id="fortress-data">`: price bars (or a downsampled line), trade markers,
 * equity, drawdown, statistics. The dashboard reads that instead of running the page's scripts, so it draws
 * the same charts with its own styling, under its own content security policy.
 */
export function extractReportData(html: string): ReportData | undefined {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const text = document.getElementById('fortress-data')?.textContent;
  if (text === undefined || text === null || text === '') return undefined;
  try {
    const data = JSON.parse(text) as ReportData;
    return typeof data === 'object' && data !== null && Array.isArray(data.equity?.time) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Equity (and drawdown from it) in chart form from result.json alone: the fallback without a price chart. */
export function curvesFromResult(result: BacktestResultJson): { equity: { time: number[]; value: number[] }; drawdown: { time: number[]; value: number[] } } {
  const equity = { time: [] as number[], value: [] as number[] };
  for (const [iso, value] of result.equity ?? []) {
    const time = Math.floor(Date.parse(iso) / 1000);
    if (!Number.isFinite(time)) continue;
    const last = equity.time.length - 1;
    if (last >= 0 && time <= equity.time[last]!) equity.value[last] = value;
    else {
      equity.time.push(time);
      equity.value.push(value);
    }
  }
  let peak = -Infinity;
  const drawdown = { time: equity.time, value: equity.value.map((value) => {
    peak = Math.max(peak, value);
    return peak > 0 ? Math.round(((value - peak) / peak) * 1e6) / 1e4 : 0;
  }) };
  return { equity, drawdown };
}
