import { utcDayIndex } from './RiskState.js';

/** Equity references of one account, sampled by the engine (at intents, fills and on bars at a throttled rate). */
export interface AccountMetricsSnapshot {
  readonly accountId: string;
  /** Equity at the latest sample, in minor units. */
  readonly equityMinor: number;
  /** Equity at the last sample of the previous UTC day (the first sample's when there is none). */
  readonly dayStartEquityMinor: number;
  /** Highest equity sampled since the engine started. */
  readonly peakEquityMinor: number;
  readonly sampledMs: number;
}

export interface AccountMetricsView {
  get(accountId: string): AccountMetricsSnapshot | undefined;
}

type MutableMetrics = { -readonly [K in keyof AccountMetricsSnapshot]: AccountMetricsSnapshot[K] };

/**
 * The equity fold behind daily loss and drawdown. A new UTC day starts from the equity last seen on the day
 * before (yesterday's close, as far as the samples saw it), so a loss inside the first bar of a day counts.
 */
export class AccountMetrics implements AccountMetricsView {
  private readonly byAccount = new Map<string, MutableMetrics>();

  get(accountId: string): AccountMetricsSnapshot | undefined {
    return this.byAccount.get(accountId);
  }

  /** Fold one equity sample; returns whether a new UTC day began with it. */
  sample(accountId: string, equityMinor: number, nowMs: number): boolean {
    const metrics = this.byAccount.get(accountId);
    if (metrics === undefined) {
      this.byAccount.set(accountId, { accountId, equityMinor, dayStartEquityMinor: equityMinor, peakEquityMinor: equityMinor, sampledMs: nowMs });
      return true;
    }
    const newDay = utcDayIndex(nowMs) > utcDayIndex(metrics.sampledMs);
    if (newDay) metrics.dayStartEquityMinor = metrics.equityMinor;
    metrics.equityMinor = equityMinor;
    if (equityMinor > metrics.peakEquityMinor) metrics.peakEquityMinor = equityMinor;
    metrics.sampledMs = nowMs;
    return newDay;
  }

  accountIds(): IterableIterator<string> {
    return this.byAccount.keys();
  }

  /** Every account's references, for the node's snapshot: a restart must not forget today's loss or the peak. */
  snapshot(): AccountMetricsSnapshot[] {
    return [...this.byAccount.values()].map((metrics) => ({ ...metrics }));
  }

  /** Take the references of a snapshot, for accounts not sampled since (a live sample is newer than any snapshot). */
  restore(snapshots: readonly AccountMetricsSnapshot[]): void {
    for (const snapshot of snapshots) {
      if (!this.byAccount.has(snapshot.accountId)) this.byAccount.set(snapshot.accountId, { ...snapshot });
    }
  }
}

/**
 * The equity the UTC day of `nowMs` started from: when a day began since the last sample, that sample (the
 * engine's own rule, see AccountMetrics.sample); `equityNowMinor` when the account was never sampled.
 */
export function dayStartEquityAt(metrics: AccountMetricsSnapshot | undefined, nowMs: number, equityNowMinor: number): number {
  if (metrics === undefined) return equityNowMinor;
  return utcDayIndex(nowMs) > utcDayIndex(metrics.sampledMs) ? metrics.equityMinor : metrics.dayStartEquityMinor;
}
