import type { z } from 'zod';
import type { BarSubscription } from '../bus/index.js';
import type { Bar, SignalAction, Tick, Timeframe } from '../core/index.js';

/** What a strategy asks for; the runner turns it into a core `Signal` with id, time and origin. */
export interface SignalRequest {
  readonly instrumentId: string;
  readonly action: SignalAction;
  /** 0..1. */
  readonly confidence: number;
  /** Human-readable, e.g. `SMA(10) crossed above SMA(30)`. */
  readonly reason: string;
  readonly timeframe: Timeframe;
  /** Optional signed strength (e.g. (fast − slow) / slow); informational. */
  readonly strength?: number;
}

/** Everything a strategy can reach: its id and a way to signal. No broker, bus or clock. */
export interface StrategyContext {
  readonly strategyId: string;
  signal(request: SignalRequest): void;
}

/**
 * A strategy is pure: bars (and ticks) in, signals out, no I/O. It receives the bars of every
 * (instrument, timeframe) it subscribes to — several timeframes of one instrument for a multi-timeframe strategy —
 * and must tell them apart by `bar.timeframe`.
 */
export interface Strategy {
  readonly subscriptions: readonly BarSubscription[];
  onBar(bar: Bar, ctx: StrategyContext): void;
  onTick?(tick: Tick, ctx: StrategyContext): void;
}

/** Where a strategy instance runs. */
export interface StrategySetup {
  readonly instrumentIds: readonly string[];
  /** The strategy's main (entry) timeframe. */
  readonly timeframe: Timeframe;
  /** Decimals of the instruments' price grid, for exact indicators (default 8). */
  readonly pricePrecision?: number;
}

/** A named, parameterised strategy: params are validated by the zod schema before `create` sees them. */
export interface StrategyDefinition<P> {
  readonly name: string;
  readonly description: string;
  readonly params: z.ZodType<P>;
  create(params: P, setup: StrategySetup): Strategy;
}
