import type { SignalAction, TradeIntent } from '../core/index.js';

const DAY_MS = 86_400_000;

/** The UTC day number of an epoch-ms time (day boundaries of the counters). */
export function utcDayIndex(tsMs: number): number {
  return Math.floor(tsMs / DAY_MS);
}

/** What rules read of the risk counters. */
export interface RiskStateView {
  /** Orders approved for the account on the UTC day `dayIndex`. */
  ordersOnDay(accountId: string, dayIndex: number): number;
  /** `intent.ts` of the last approved intent with this (account, strategy, instrument, action), if any. */
  lastApprovedTs(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): number | undefined;
}

interface DayCount {
  day: number;
  count: number;
}

/**
 * The risk counters, changed only by `recordApproval` (the `evolve` of approved intents). Because an
 * approval is all that moves them, the state can be rebuilt from the log (see RiskStateFold).
 */
export class RiskState implements RiskStateView {
  private readonly dayCounts = new Map<string, DayCount>();
  private readonly lastApproval = new Map<string, number>();

  ordersOnDay(accountId: string, dayIndex: number): number {
    const entry = this.dayCounts.get(accountId);
    return entry !== undefined && entry.day === dayIndex ? entry.count : 0;
  }

  lastApprovedTs(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): number | undefined {
    return this.lastApproval.get(signalKey(accountId, strategyId, instrumentId, action));
  }

  recordApproval(intent: TradeIntent): void {
    const day = utcDayIndex(intent.ts);
    const entry = this.dayCounts.get(intent.accountId);
    if (entry === undefined) {
      this.dayCounts.set(intent.accountId, { day, count: 1 });
    } else if (entry.day === day) {
      entry.count += 1;
    } else if (day > entry.day) {
      entry.day = day;
      entry.count = 1;
    }
    // An approval for a day already past (a late intent) no longer counts against today.
    const key = signalKey(intent.accountId, intent.strategyId, intent.instrumentId, intent.action);
    const previous = this.lastApproval.get(key);
    if (previous === undefined || intent.ts > previous) this.lastApproval.set(key, intent.ts);
  }
}

function signalKey(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): string {
  return `${accountId}\u0000${strategyId}\u0000${instrumentId}\u0000${action}`;
}
