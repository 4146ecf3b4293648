import { ValidationError, decimalsOf, pow10, toUnits } from '../../../core/index.js';
import type { RandomSource } from '../../../core/index.js';

/**
 * A geometric random walk kept in whole ticks, so every price it yields lies exactly on the tick grid
 * (ticks × tickUnits / 10^precision is one correctly rounded division of exact integers).
 */
export class PriceWalk {
  /** Current price in ticks (at least 1). */
  ticks: number;
  private readonly tickUnits: number;
  private readonly scale: number;

  constructor(
    startPrice: number,
    readonly tickSize: number,
    private readonly volatility: number,
    private readonly random: RandomSource,
  ) {
    checkWalk(startPrice, tickSize, volatility);
    const precision = decimalsOf(tickSize);
    this.tickUnits = toUnits(tickSize, precision);
    this.scale = pow10(precision);
    this.ticks = Math.max(1, Math.round(startPrice / tickSize));
  }

  /** Move by one log-normal step of stdev `volatility × multiple`; returns the new price in ticks. */
  step(multiple = 1): number {
    const next = Math.round(this.ticks * Math.exp(this.volatility * multiple * this.random.normal()));
    this.ticks = next < 1 ? 1 : next;
    return this.ticks;
  }

  /** A move of about `fraction × volatility` of `ticks`, in whole ticks, never negative. */
  spread(ticks: number, fraction: number): number {
    return Math.round(Math.abs(this.random.normal()) * this.volatility * fraction * ticks);
  }

  price(ticks: number): number {
    return (ticks * this.tickUnits) / this.scale;
  }
}

export function checkWalk(startPrice: number, tickSize: number, volatility: number): void {
  if (!(startPrice > 0)) throw new ValidationError(`synthetic startPrice must be > 0, got ${startPrice}`);
  if (!(tickSize > 0)) throw new ValidationError(`synthetic tickSize must be > 0, got ${tickSize}`);
  if (!(volatility >= 0 && volatility < 1)) throw new ValidationError(`synthetic volatility must be in [0, 1), got ${volatility}`);
}

export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new ValidationError(`synthetic count must be a whole number >= 0, got ${count}`);
}
