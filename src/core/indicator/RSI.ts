import { DEFAULT_PRICE_PRECISION, type GridOptions, type Indicator } from './Indicator.js';
import { checkPeriod, gridScale, nonFinite } from './indicatorParams.js';

/**
 * Wilder's Relative Strength Index. Price changes are taken in integer grid units (exact); the first
 * averages are the simple means of the first `period` gains and losses, then Wilder smoothing
 * `avg = (avg × (period − 1) + change) / period`. The first value arrives with the (period + 1)-th price.
 * With no losses the RSI is 100; with no movement at all it is 50 (neutral).
 */
export class RSI implements Indicator {
  readonly period: number;
  private readonly scale: number;
  private previousUnits = Number.NaN;
  private changes = 0;
  private avgGainUnits = 0;
  private avgLossUnits = 0;
  private current = Number.NaN;

  constructor(period = 14, options: GridOptions = {}) {
    this.period = checkPeriod('RSI', 'period', period);
    this.scale = gridScale('RSI', options.precision ?? DEFAULT_PRICE_PRECISION);
  }

  get value(): number {
    return this.current;
  }

  get isReady(): boolean {
    return this.changes >= this.period;
  }

  update(price: number): number {
    if (!Number.isFinite(price)) throw nonFinite('RSI', price);
    const units = Math.round(price * this.scale);
    const previous = this.previousUnits;
    this.previousUnits = units;
    if (previous !== previous) return this.current;
    const change = units - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.changes < this.period) {
      // Warm-up: integer sums (exact), divided once when the first window is complete.
      this.avgGainUnits += gain;
      this.avgLossUnits += loss;
      this.changes++;
      if (this.changes < this.period) return this.current;
      this.avgGainUnits /= this.period;
      this.avgLossUnits /= this.period;
    } else {
      this.avgGainUnits = (this.avgGainUnits * (this.period - 1) + gain) / this.period;
      this.avgLossUnits = (this.avgLossUnits * (this.period - 1) + loss) / this.period;
    }
    this.current = rsiOf(this.avgGainUnits, this.avgLossUnits);
    return this.current;
  }

  reset(): void {
    this.previousUnits = Number.NaN;
    this.changes = 0;
    this.avgGainUnits = 0;
    this.avgLossUnits = 0;
    this.current = Number.NaN;
  }
}

function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
