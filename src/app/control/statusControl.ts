import type { ComponentState, ComponentStatus, NodeControl, NodeStatus } from '../../api/index.js';
import type { Clock } from '../../core/index.js';
import type { ExecutionEngine, OrderRegistry } from '../../execution/index.js';
import type { RiskEngine } from '../../risk/index.js';
import type { StrategyCatalog } from '../../strategy/index.js';

export interface StatusControlDeps {
  readonly clock: Clock;
  /** When the node started (its clock's time). */
  readonly startedAtMs: number;
  readonly mode: 'paper' | 'live';
  readonly accountId: string;
  /** The trading state (the risk engine, or a view folded from its events in the api service). */
  readonly risk: Pick<RiskEngine, 'tradingStatus'>;
  /** The broker session (the execution engine, or a view folded from its events). */
  readonly execution: Pick<ExecutionEngine, 'brokerSession'>;
  readonly orders: Pick<OrderRegistry, 'openOrders' | 'awaitingReconciliation'>;
  readonly catalog: Pick<StrategyCatalog, 'list'>;
  /** The runtime's own parts, each asked at every call: the feed, the event log, the signal intake (AmiBroker watcher, webhook). */
  readonly feed: () => ComponentStatus;
  readonly eventLog: () => ComponentStatus;
  readonly signalIntake?: () => ComponentStatus;
}

const SEVERITY: Readonly<Record<ComponentState, number>> = { ok: 0, degraded: 1, down: 2 };

/**
 * `GET /status`: each component and the node's state (its worst component's). Trading is degraded unless
 * ACTIVE; execution is degraded while the broker session is expired or orders await reconciliation; strategies
 * are degraded when one could not be started. Answered from memory.
 */
export function createStatusControl(deps: StatusControlDeps): Pick<NodeControl, 'status'> {
  const { clock, risk, execution, orders, catalog } = deps;
  const startedAt = new Date(deps.startedAtMs).toISOString();

  const trading = (): ComponentStatus => {
    const s = risk.tradingStatus;
    return { name: 'trading', state: s.state === 'ACTIVE' ? 'ok' : 'degraded', detail: `${s.state} (${s.by}: ${s.reason})` };
  };
  const broker = (): ComponentStatus => {
    const session = execution.brokerSession;
    const waiting = orders.awaitingReconciliation().length;
    if (session.expired) return { name: 'execution', state: 'degraded', detail: `broker ${session.broker} session expired: ${session.reason ?? 'no reason given'}` };
    if (waiting > 0) return { name: 'execution', state: 'degraded', detail: `broker ${session.broker}: ${waiting} order(s) awaiting reconciliation` };
    return { name: 'execution', state: 'ok', detail: `broker ${session.broker}, ${orders.openOrders().length} open order(s)` };
  };
  const strategies = (): ComponentStatus => {
    const all = catalog.list();
    const failed = all.filter((s) => s.problem !== undefined);
    const running = all.filter((s) => s.running).length;
    const detail = `${running} of ${all.length} running`;
    if (failed.length > 0) return { name: 'strategies', state: 'degraded', detail: `${detail}; could not start: ${failed.map((s) => s.strategyId).join(', ')}` };
    return { name: 'strategies', state: 'ok', detail };
  };

  return {
    status(): NodeStatus {
      const components = [deps.feed(), deps.eventLog(), trading(), broker(), ...(deps.signalIntake !== undefined ? [deps.signalIntake()] : []), strategies()];
      let state: ComponentState = 'ok';
      for (const c of components) if (SEVERITY[c.state] > SEVERITY[state]) state = c.state;
      const nowMs = clock.nowMs();
      return {
        state, startedAt, uptimeSeconds: Math.max(0, Math.floor((nowMs - deps.startedAtMs) / 1000)), mode: deps.mode, accountId: deps.accountId, components,
      };
    },
  };
}
