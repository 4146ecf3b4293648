import { ControlError, type Actor, type ExecutionControl, type ExecutionStatus, type OrderPage, type OrderQuery } from '../../api/index.js';
import { isOpenStatus, type Order } from '../../core/index.js';
import type { ExecutionEngine, OrderRegistry } from '../../execution/index.js';

/**
 * What execution control needs of the execution engine: its broker session and its cancel commands. The engine
 * itself in one process; in the api service of a deployment, the session folded from the log and commands sent to
 * the execution service (answering true once sent: the outcome arrives as events).
 */
export type ExecutionCommands = Pick<ExecutionEngine, 'brokerSession' | 'cancel' | 'cancelAll'>;

export interface ExecutionControlDeps {
  readonly orders: OrderRegistry;
  /** The only door to the broker: cancels go through it (OrderCancelRequested naming the user, then the broker). */
  readonly execution: ExecutionCommands;
  /** Only this account's orders are canceled by cancel-all; all accounts when absent. */
  readonly accountId?: string;
}

/**
 * The API's view of execution: orders from the registry (the fold of the log, in memory), commands through the
 * execution engine — the same cancel path the kill switch takes, never the broker directly. Slices of a sliced
 * order are not listed on their own: the parent stands for them, as in `openOrders`.
 */
export function createExecutionControl(deps: ExecutionControlDeps): ExecutionControl {
  const { orders, execution } = deps;
  const isSlice = (order: Order): boolean => orders.entry(order.clientOrderId)?.sliceParent !== undefined;

  return {
    status(): ExecutionStatus {
      const session = execution.brokerSession;
      const ordersByState: Record<string, number> = {};
      for (const order of orders.all()) {
        if (!isSlice(order)) ordersByState[order.status] = (ordersByState[order.status] ?? 0) + 1;
      }
      return {
        broker: session.broker,
        brokerSession: session.expired ? 'expired' : 'ok',
        openOrders: orders.openOrders().length,
        ordersByState,
        awaitingReconciliation: orders.awaitingReconciliation().length,
      };
    },
    openOrders: () => orders.openOrders(),
    order: (clientOrderId) => orders.get(clientOrderId),
    history(query: OrderQuery): OrderPage {
      const matching: Order[] = [];
      const all = orders.all();
      // Creation order reversed is newest first; the sort below only settles orders restored out of order.
      for (let i = all.length - 1; i >= 0; i--) {
        const order = all[i]!;
        if (matches(order, query) && !isSlice(order)) matching.push(order);
      }
      matching.sort((a, b) => b.createdTs - a.createdTs);
      const start = (query.page - 1) * query.pageSize;
      return { orders: matching.slice(start, start + query.pageSize), total: matching.length, page: query.page, pageSize: query.pageSize };
    },
    cancel(clientOrderId: string, actor: Actor): Order {
      const order = orders.get(clientOrderId);
      if (order === undefined) throw new ControlError('NOT_FOUND', `unknown order "${clientOrderId}"`, 'clientOrderId');
      if (!isOpenStatus(order.status)) throw new ControlError('CONFLICT', `order ${clientOrderId} is ${order.status}: only an open order can be canceled`, 'clientOrderId');
      if (!execution.cancel(clientOrderId, `canceled by ${actor.username} via API (${actor.via})`, actor.username)) {
        throw new ControlError('CONFLICT', `order ${clientOrderId} (${orders.get(clientOrderId)?.status ?? order.status}) could not be canceled`, 'clientOrderId');
      }
      return orders.get(clientOrderId) ?? order;
    },
    cancelAll(actor: Actor) {
      const reason = `cancel-all by ${actor.username} via API (${actor.via})`;
      const requested = execution.cancelAll({ reason, by: actor.username, ...(deps.accountId !== undefined ? { accountId: deps.accountId } : {}) });
      return { requested };
    },
  };
}

function matches(order: Order, q: OrderQuery): boolean {
  return (q.status === undefined || order.status === q.status)
    && (q.instrumentId === undefined || order.instrumentId === q.instrumentId)
    && (q.strategyId === undefined || order.strategyId === q.strategyId)
    && (q.fromTs === undefined || order.createdTs >= q.fromTs)
    && (q.toTs === undefined || order.createdTs <= q.toTs);
}
