/** At most this many samples are kept; then every second one is dropped and the interval doubles. */
export const EQUITY_CURVE_MAX_POINTS = 5000;
export const EQUITY_CURVE_START_INTERVAL_MS = 1000;

/**
 * A bounded equity series for the dashboard's curve, from the node's start. Samples are taken at most once per
 * interval (1 s at first); when the series is full, every second sample is dropped and the interval doubles,
 * so the curve always spans the whole run at an even resolution in at most EQUITY_CURVE_MAX_POINTS points.
 * It also keeps the equity the UTC day started from: the last sample of the day before (as the risk engine's
 * daily-loss rule does), when it has one: a curve that began today (the node started or restarted today) cannot
 * know it, and says so.
 */
export class EquityCurve {
  private readonly points: (readonly [number, number])[] = [];
  private intervalMs: number;
  private nextMs = Number.NEGATIVE_INFINITY;
  private dayStartMinor: number | undefined;

  constructor(
    private readonly maxPoints = EQUITY_CURVE_MAX_POINTS,
    startIntervalMs = EQUITY_CURVE_START_INTERVAL_MS,
  ) {
    this.intervalMs = startIntervalMs;
  }

  /** Whether a sample at `nowMs` would be taken (one comparison: called on every bar and tick). */
  due(nowMs: number): boolean {
    return nowMs >= this.nextMs;
  }

  /** Record `equityMinor` at `nowMs` (when due; samples never go back in time). */
  sample(nowMs: number, equityMinor: number): void {
    if (nowMs < this.nextMs) return;
    const last = this.points[this.points.length - 1];
    if (last === undefined) this.dayStartMinor = equityMinor;
    else if (utcDay(nowMs) > utcDay(last[0])) this.dayStartMinor = last[1];
    this.points.push([nowMs, equityMinor]);
    this.nextMs = nowMs + this.intervalMs;
    if (this.points.length >= this.maxPoints) this.thin();
  }

  /** Equity at the start of the UTC day of `nowMs`; undefined when the curve has no sample from a day before it. */
  dayStartEquityMinor(nowMs: number): number | undefined {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (first === undefined || last === undefined || this.dayStartMinor === undefined || utcDay(first[0]) >= utcDay(nowMs)) return undefined;
    return utcDay(nowMs) > utcDay(last[0]) ? last[1] : this.dayStartMinor;
  }

  /** The samples, oldest first, ending with `[nowMs, equityNowMinor]` when that is later than the last sample. */
  series(nowMs: number, equityNowMinor: number): (readonly [number, number])[] {
    const out = this.points.slice();
    const last = out[out.length - 1];
    if (last === undefined || nowMs > last[0]) out.push([nowMs, equityNowMinor]);
    return out;
  }

  get length(): number {
    return this.points.length;
  }

  private thin(): void {
    const last = this.points[this.points.length - 1]!;
    let kept = 0;
    for (let i = 0; i < this.points.length; i += 2) this.points[kept++] = this.points[i]!;
    this.points.length = kept;
    if (this.points[kept - 1] !== last) this.points.push(last);
    this.intervalMs *= 2;
  }
}

function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000);
}
