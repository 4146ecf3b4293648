import type { Bar } from '../../core/index.js';
import type { MarketMessage } from './transportPorts.js';

/**
 * Lockstep replays deliver each bar in three phases, each published only once everything the previous one
 * caused has settled in every service (see LockstepDriver). They reproduce the single process's order:
 * - `fill`: the paper broker's simulated market sees the bar (working orders fill at its open, as
 *   `TradingNode.onBar` does first), and everything those fills cause (positions, account, risk limits);
 * - `mark`: the bar on the execution, risk and portfolio services' buses (marks, volumes, limit sampling);
 * - `signal`: the bar on the strategy services' buses: signals, then intents, decisions and orders.
 */
export const LOCKSTEP_PHASES = ['fill', 'mark', 'signal'] as const;
export type LockstepPhase = (typeof LOCKSTEP_PHASES)[number];

/** One phase of a bar: its own idempotency key (`bar:<instrument>:<timeframe>:<ts>:<phase>`), so each phase is delivered once. */
export function lockstepBarMessage(bar: Bar, phase: LockstepPhase): MarketMessage {
  return { kind: 'bar', key: bar.instrumentId, idempotencyKey: `bar:${bar.instrumentId}:${bar.timeframe}:${bar.ts}:${phase}`, bar };
}

/** The phase a market message carries; undefined for a plain (live) bar or tick, which every service takes at once. */
export function lockstepPhaseOf(message: MarketMessage): LockstepPhase | undefined {
  const key = message.idempotencyKey;
  const suffix = key.slice(key.lastIndexOf(':') + 1);
  return (LOCKSTEP_PHASES as readonly string[]).includes(suffix) ? (suffix as LockstepPhase) : undefined;
}
