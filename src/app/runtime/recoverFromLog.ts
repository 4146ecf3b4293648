import { readAll } from '../../adapters/index.js';
import type { AnyEvent, EventStore, EventType } from '../../core/index.js';
import type { OrderRegistrySnapshot } from '../../execution/index.js';
import type { PortfolioState } from '../../portfolio/index.js';
import type { AccountMetricsSnapshot } from '../../risk/index.js';

/**
 * The node's snapshot in the store: the two large folds (orders, positions and cash) as of a seq, and the risk
 * engine's equity references (today's start, the peak), which no event carries: without them a restart would
 * forget a loss taken earlier today (and the daily-loss limit with it). Snapshots older than that field lack it.
 */
export const NODE_SNAPSHOT = 'node';
const NODE_SNAPSHOT_VERSION = 1;

export interface NodeSnapshotState {
  readonly version: typeof NODE_SNAPSHOT_VERSION;
  readonly orders: OrderRegistrySnapshot;
  readonly portfolio: PortfolioState;
  readonly equityReferences?: readonly AccountMetricsSnapshot[];
}

/** The snapshot of the risk engine's equity references alone, for a risk service (which saves no node snapshot). */
export const RISK_EQUITY_SNAPSHOT = 'risk-equity';

/**
 * Equity references read back from a snapshot: each entry must be an account with integer minor amounts and a
 * time; anything else is dropped (a reference the engine cannot trust is one it samples again).
 */
export function equityReferencesIn(state: unknown): AccountMetricsSnapshot[] {
  if (!Array.isArray(state)) return [];
  const integer = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
  return state.filter((entry: unknown): entry is AccountMetricsSnapshot => {
    if (typeof entry !== 'object' || entry === null) return false;
    const e = entry as Readonly<Record<string, unknown>>;
    return typeof e['accountId'] === 'string' && integer(e['equityMinor']) && integer(e['dayStartEquityMinor']) && integer(e['peakEquityMinor']) && typeof e['sampledMs'] === 'number';
  });
}

/** Take it in one synchronous step with `store.saveSnapshotAtHead`, so no event lands between state and seq. */
export function nodeSnapshotState(folds: {
  readonly orders: { snapshot(): OrderRegistrySnapshot };
  readonly portfolio: { snapshot(): PortfolioState };
  readonly risk: { equityReferences(): AccountMetricsSnapshot[] };
}): NodeSnapshotState {
  return { version: NODE_SNAPSHOT_VERSION, orders: folds.orders.snapshot(), portfolio: folds.portfolio.snapshot(), equityReferences: folds.risk.equityReferences() };
}

/**
 * The small folds' event types: each is rare, and its fold needs every one of them since the log began
 * (the trading state, the strategy catalog, the intake's claimed signal keys, the broker session).
 */
const WHOLE_HISTORY_TYPES: readonly EventType[] = [
  'TradingStateChanged',
  'StrategyRegistered', 'StrategyActivated', 'StrategyDeactivated', 'StrategyParametersChanged',
  'SignalReceived', 'SignalRefused',
  'BrokerSessionExpired', 'BrokerSessionRestored',
];
/** The risk counters' event types: per trade, and only recent ones matter (orders per day, per minute, cooldowns). */
const RISK_WINDOW_TYPES: readonly EventType[] = ['TradeIntentCreated', 'RiskApproved', 'RiskRejected', 'BasketApproved'];
/** Two days: the longest risk window is one exchange day, in any time zone. */
export const RISK_WINDOW_MS = 2 * 86_400_000;

export interface Recovery {
  /** For the folds of rare events and the risk counters (risk, catalog, intake, broker session), in log order. */
  readonly history: readonly AnyEvent[];
  /** Events after the snapshot (every event without one), for the orders and portfolio folds and the metrics. */
  readonly tail: readonly AnyEvent[];
  /** The orders and portfolio to restore before the tail, when a snapshot exists. */
  readonly snapshot?: NodeSnapshotState;
  readonly snapshotSeq: number;
}

/**
 * What a restart needs from the log. Without a snapshot, every event (both folds read the same list, as
 * before snapshots existed). With one, the large folds restore it and apply only the events after its seq,
 * while the small folds read just their own event types — so a restart costs the tail, not the whole log.
 */
export async function readRecovery(store: EventStore, nowMs: number): Promise<Recovery> {
  const stored = await store.loadSnapshot(NODE_SNAPSHOT);
  const state = stored?.state as Partial<NodeSnapshotState> | undefined;
  if (stored === undefined || state?.version !== NODE_SNAPSHOT_VERSION || state.orders === undefined || state.portfolio === undefined) {
    const all: AnyEvent[] = [];
    for await (const { event } of readAll(store)) all.push(event);
    return { history: all, tail: all, snapshotSeq: 0 };
  }
  const [rare, recent, tail] = await Promise.all([
    store.read({ types: [...WHOLE_HISTORY_TYPES] }),
    store.read({ types: [...RISK_WINDOW_TYPES], fromTs: nowMs - RISK_WINDOW_MS }),
    store.read({ fromSeq: stored.seq + 1 }),
  ]);
  const history = [...rare, ...recent].sort((a, b) => a.seq - b.seq).map((s) => s.event);
  return { history, tail: tail.map((s) => s.event), snapshot: state as NodeSnapshotState, snapshotSeq: stored.seq };
}

/** The large folds as restart rebuilds them. */
export interface RecoverableFolds {
  readonly orders: { restore(snapshot: OrderRegistrySnapshot): void; apply(event: AnyEvent): unknown };
  readonly portfolio: { restore(state: unknown): void; apply(event: AnyEvent): unknown };
  /** The risk engine, for its equity references (absent where no risk engine runs). */
  readonly risk?: { restoreEquityReferences(references: readonly AccountMetricsSnapshot[]): void };
}

/** Restore the snapshot (if any), then apply the tail: orders, positions and cash as of the log's end, and the risk engine's equity references as of the snapshot. */
export function foldRecovery(recovery: Recovery, folds: RecoverableFolds, alsoEach?: (event: AnyEvent) => void): void {
  if (recovery.snapshot !== undefined) {
    folds.orders.restore(recovery.snapshot.orders);
    folds.portfolio.restore(recovery.snapshot.portfolio);
    if (recovery.snapshot.equityReferences !== undefined) folds.risk?.restoreEquityReferences(equityReferencesIn(recovery.snapshot.equityReferences));
  }
  for (const event of recovery.tail) {
    folds.orders.apply(event);
    folds.portfolio.apply(event);
    alsoEach?.(event);
  }
}
