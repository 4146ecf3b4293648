import type { SignalAction, TradeIntent } from '../core/index.js';
import { TimeRing } from './TimeRing.js';

const DAY_MS = 86_400_000;

/** Approval times kept per account for the order-rate rule; its `maxOrders` may not exceed this. */
export const RATE_HISTORY = 1000;

/** The UTC day number of an epoch-ms time (day boundaries of the counters). */
export function utcDayIndex(tsMs: number): number {
  return Math.floor(tsMs / DAY_MS);
}

/** What rules read of the risk counters. */
export interface RiskStateView {
  /** Orders approved for the account on the UTC day `dayIndex`. */
  ordersOnDay(accountId: string, dayIndex: number): number;
  /** Orders approved for the account in one instrument on the UTC day `dayIndex`. */
  ordersOnDayIn(accountId: string, instrumentId: string, dayIndex: number): number;
  /** `intent.ts` of the last approved intent with this (account, strategy, instrument, action), if any. */
  lastApprovedTs(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): number | undefined;
  /** Clock time of the account's n-th most recent approval (1 = the latest), if there were that many. */
  nthRecentApprovalMs(accountId: string, n: number): number | undefined;
  /** Approvals of the account at clock times later than `sinceMs` (at most RATE_HISTORY). */
  approvalsAfter(accountId: string, sinceMs: number): number;
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
  private readonly instrumentDayCounts = new Map<string, Map<string, DayCount>>();
  private readonly lastApproval = new Map<string, number>();
  private readonly approvalTimes = new Map<string, TimeRing>();

  ordersOnDay(accountId: string, dayIndex: number): number {
    return countOn(this.dayCounts.get(accountId), dayIndex);
  }

  ordersOnDayIn(accountId: string, instrumentId: string, dayIndex: number): number {
    return countOn(this.instrumentDayCounts.get(accountId)?.get(instrumentId), dayIndex);
  }

  lastApprovedTs(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): number | undefined {
    return this.lastApproval.get(signalKey(accountId, strategyId, instrumentId, action));
  }

  nthRecentApprovalMs(accountId: string, n: number): number | undefined {
    return this.approvalTimes.get(accountId)?.nthRecent(n);
  }

  approvalsAfter(accountId: string, sinceMs: number): number {
    return this.approvalTimes.get(accountId)?.countAfter(sinceMs) ?? 0;
  }

  /** Count an approved intent; `approvedMs` is the clock time of the approval (the intent's time by default). */
  recordApproval(intent: TradeIntent, approvedMs: number = intent.ts): void {
    const day = utcDayIndex(intent.ts);
    const accountId = intent.accountId;
    let counts = this.dayCounts.get(accountId);
    if (counts === undefined) this.dayCounts.set(accountId, (counts = { day, count: 0 }));
    countApproval(counts, day);
    let byInstrument = this.instrumentDayCounts.get(accountId);
    if (byInstrument === undefined) this.instrumentDayCounts.set(accountId, (byInstrument = new Map()));
    let instrumentCounts = byInstrument.get(intent.instrumentId);
    if (instrumentCounts === undefined) byInstrument.set(intent.instrumentId, (instrumentCounts = { day, count: 0 }));
    countApproval(instrumentCounts, day);
    const key = signalKey(accountId, intent.strategyId, intent.instrumentId, intent.action);
    const previous = this.lastApproval.get(key);
    if (previous === undefined || intent.ts > previous) this.lastApproval.set(key, intent.ts);
    let times = this.approvalTimes.get(accountId);
    if (times === undefined) this.approvalTimes.set(accountId, (times = new TimeRing(RATE_HISTORY)));
    times.push(approvedMs);
  }

  /** An independent copy: baskets evaluate their legs against one, as if the earlier legs were approved. */
  clone(): RiskState {
    const copy = new RiskState();
    for (const [accountId, counts] of this.dayCounts) copy.dayCounts.set(accountId, { ...counts });
    for (const [accountId, byInstrument] of this.instrumentDayCounts) {
      copy.instrumentDayCounts.set(accountId, new Map([...byInstrument].map(([id, counts]) => [id, { ...counts }])));
    }
    for (const [key, ts] of this.lastApproval) copy.lastApproval.set(key, ts);
    for (const [accountId, times] of this.approvalTimes) copy.approvalTimes.set(accountId, times.clone());
    return copy;
  }
}

function countOn(entry: DayCount | undefined, dayIndex: number): number {
  return entry !== undefined && entry.day === dayIndex ? entry.count : 0;
}

/** An approval for a day already past (a late intent) no longer counts against today. */
function countApproval(entry: DayCount, day: number): void {
  if (entry.day === day) entry.count += 1;
  else if (day > entry.day) {
    entry.day = day;
    entry.count = 1;
  }
}

function signalKey(accountId: string, strategyId: string, instrumentId: string, action: SignalAction): string {
  return `${accountId}\u0000${strategyId}\u0000${instrumentId}\u0000${action}`;
}
