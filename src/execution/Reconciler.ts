import type { BrokerOrderState, Clock, Logger, OrderStatus } from '../core/index.js';
import type { OrderEntry } from './OrderEntry.js';
import type { OrderJournal } from './OrderJournal.js';
import { reconcileOrder } from './reconcileOrder.js';

const UNANSWERED: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_CANCEL', 'PENDING_REPLACE']);

/**
 * Settles orders a broker call left unknown (marked by OrderReconciliationNeeded): against the broker's
 * list of open orders, or by a later report that moves the order on. Each settlement is the resolving
 * Order* event (if any) followed by OrderReconciled.
 */
export class Reconciler {
  constructor(
    private readonly journal: OrderJournal,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Settle every marked order against `openAtBroker`; returns how many were settled. */
  reconcile(openAtBroker: readonly BrokerOrderState[]): number {
    const registry = this.journal.registry;
    const byId = new Map(openAtBroker.map((state) => [state.clientOrderId, state]));
    let settled = 0;
    for (const order of registry.awaitingReconciliation()) {
      const entry = registry.entry(order.clientOrderId)!;
      const decision = reconcileOrder(entry.order, byId.get(order.clientOrderId));
      if (decision === undefined) {
        this.log.warn({ clientOrderId: order.clientOrderId }, 'broker shows fills not reported yet; waiting for their reports');
        continue;
      }
      if (decision.type !== 'none') {
        const key = `order:${order.clientOrderId}:reconcile-resolution:${this.clock.nowMs()}`;
        if (this.journal.record(entry, decision.type, decision.payload, entry.order, key) === undefined) continue;
      }
      this.settled(entry, decision.resolution);
      settled += 1;
    }
    return settled;
  }

  /** After a broker report: a marked order the report moved out of its pending state is settled. */
  reported(entry: OrderEntry): void {
    if (entry.needsReconciliation && !UNANSWERED.has(entry.order.status)) this.settled(entry, `settled by a broker report (${entry.order.status})`);
  }

  private settled(entry: OrderEntry, resolution: string): void {
    const order = entry.order;
    this.journal.note('OrderReconciled', { clientOrderId: order.clientOrderId, status: order.status, resolution },
      order.instrumentId, order.correlationId, entry.lastEventId, `order:${order.clientOrderId}:reconciled:${this.clock.nowMs()}`);
  }
}
