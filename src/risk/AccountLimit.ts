import { z } from 'zod';
import type { AccountMetricsSnapshot } from './AccountMetrics.js';
import type { TradingState } from './tradingState.js';

/** The state an account-wide limit trips the engine to when it is broken. */
export const TRIP_ACTIONS = ['REDUCING', 'HALTED'] as const;
export const tripActionSchema = z.enum(TRIP_ACTIONS);

/** What the engine knows of an account between intents, for the account-wide limits. */
export interface AccountSample {
  readonly accountId: string;
  /** Minor-unit digits of the account's currency (absolute limits are written in currency units). */
  readonly minorDigits: number;
  readonly metrics: AccountMetricsSnapshot;
  /** Positions (not orders) marked at the last prices, or why they cannot be valued. */
  currentExposure(): CurrentExposure;
}

export type CurrentExposure =
  | { readonly ok: true; readonly grossMinor: number; readonly netMinor: number; readonly currency: string }
  | { readonly ok: false; readonly problem: string };

export interface Breach {
  readonly limit: number | string;
  readonly observed: number | string;
  readonly reason: string;
}

/** An account-wide limit the engine watches on fills, account updates and bars; a breach trips the trading state. */
export interface AccountLimit {
  readonly name: string;
  readonly action: Exclude<TradingState, 'ACTIVE'>;
  /** Whether `check` values every position (skipped when the engine samples at an intent: the pre-trade rule covers it). */
  readonly usesExposure?: boolean;
  check(sample: AccountSample): Breach | undefined;
}
