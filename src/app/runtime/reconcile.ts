import type { Broker, Order, ReconciliationDifference } from '../../core/index.js';
import type { OrderRegistry } from '../../execution/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import type { PaperBrokerState } from '../../adapters/index.js';

/**
 * Compare the log's view (orders and net positions folded from the event log) with the broker's. Any
 * difference means trading must not start until someone resolves it.
 */
export async function findDifferences(orders: OrderRegistry, portfolio: Portfolio, broker: Broker, accountId: string): Promise<ReconciliationDifference[]> {
  const differences: ReconciliationDifference[] = [];
  const logOpen = new Map(orders.openBrokerOrders({ accountId }).map((o) => [o.clientOrderId, o]));
  const brokerOpen = new Map((await broker.openOrders()).filter((o) => o.open).map((o) => [o.clientOrderId, o]));
  for (const [id, order] of logOpen) {
    const atBroker = brokerOpen.get(id);
    if (atBroker === undefined) {
      differences.push({ kind: 'order-open-only-in-log', accountId, instrumentId: order.instrumentId, clientOrderId: id, log: order.quantity - order.filledQuantity, broker: 0 });
    } else if (atBroker.filledQuantity !== order.filledQuantity) {
      differences.push({ kind: 'order-fill-differs', accountId, instrumentId: order.instrumentId, clientOrderId: id, log: order.filledQuantity, broker: atBroker.filledQuantity });
    }
  }
  for (const [id, order] of brokerOpen) {
    if (!logOpen.has(id)) differences.push({ kind: 'order-open-only-at-broker', accountId, instrumentId: order.instrumentId, clientOrderId: id, log: 0, broker: order.quantity - order.filledQuantity });
  }
  const logPositions = new Map(portfolio.positions(accountId).filter((p) => p.strategyId === '*' && p.quantity !== 0).map((p) => [p.instrumentId, p.quantity]));
  const brokerPositions = new Map((await broker.positions()).filter((p) => p.accountId === accountId).map((p) => [p.instrumentId, p.quantity]));
  for (const instrumentId of new Set([...logPositions.keys(), ...brokerPositions.keys()])) {
    const log = logPositions.get(instrumentId) ?? 0;
    const atBroker = brokerPositions.get(instrumentId) ?? 0;
    if (log !== atBroker) differences.push({ kind: 'position-differs', accountId, instrumentId, log, broker: atBroker });
  }
  return differences;
}

/** The paper broker's state as the log sees it: what `fortress reconcile --adopt log` writes. */
export function paperStateFromLog(orders: OrderRegistry, portfolio: Portfolio, accountId: string, fillsOf: (clientOrderId: string) => number): PaperBrokerState {
  let seq = 0;
  return {
    version: 1,
    brokerSeq: orders.all().length,
    orders: orders.openBrokerOrders({ accountId }).map((o: Order) => ({
      clientOrderId: o.clientOrderId, brokerOrderId: o.brokerOrderId ?? `paper-adopted-${++seq}`, accountId: o.accountId, instrumentId: o.instrumentId,
      side: o.side, type: o.type, timeInForce: o.timeInForce, quantity: o.quantity, filledQuantity: o.filledQuantity,
      ...(o.limitPrice !== undefined ? { limitPrice: o.limitPrice } : {}),
      ...(o.stopPrice !== undefined ? { stopPrice: o.stopPrice } : {}),
      ...(o.trailingOffset !== undefined ? { trailingOffset: o.trailingOffset } : {}),
      bestPrice: null, triggered: false, expireAtMs: null, status: o.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED',
      fillCount: fillsOf(o.clientOrderId), commissionComputedMinor: 0, commissionChargedMinor: 0,
    })),
    positions: portfolio.positions(accountId).filter((p) => p.strategyId === '*' && p.quantity !== 0).map((p) => ({ accountId, instrumentId: p.instrumentId, quantity: p.quantity })),
  };
}
