import { Gauge, type Registry } from 'prom-client';
import { ORDER_STATUSES, isOpenStatus, type AnyEvent, type OrderStatus, type OrderView } from '../../core/index.js';

type ClosedStatus = 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

/**
 * `fortress_orders{state}`: open orders by state from the order view at scrape time (one per intent: a
 * sliced order counts once, as its parent), and orders closed since start counted from the order events
 * that closed them (each broker order, slices included), seeded from the log by `replay`. Every state is
 * always present, at 0 when empty, so a dashboard's series do not come and go.
 */
export class OrderStateGauge {
  private readonly closed: Record<ClosedStatus, number> = { FILLED: 0, CANCELED: 0, REJECTED: 0, EXPIRED: 0 };
  private readonly open = new Map<OrderStatus, number>();

  constructor(orders: OrderView, registry: Registry) {
    const { closed, open } = this;
    new Gauge({
      name: 'fortress_orders',
      help: 'Orders by state: open ones now, closed ones since start (counted from the log)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        open.clear();
        for (const order of orders.openOrders()) open.set(order.status, (open.get(order.status) ?? 0) + 1);
        for (const state of ORDER_STATUSES) {
          this.set({ state }, isOpenStatus(state) ? (open.get(state) ?? 0) : closed[state as ClosedStatus]);
        }
      },
    });
  }

  /** Count the order events that close an order (live, or replayed from the log at start). */
  apply(event: AnyEvent): void {
    switch (event.type) {
      case 'OrderFilled':
        if (event.payload.leavesQuantity === 0) this.closed.FILLED++;
        break;
      case 'OrderCanceled':
        this.closed.CANCELED++;
        break;
      case 'OrderRejected':
      case 'OrderDenied':
        this.closed.REJECTED++;
        break;
      case 'OrderExpired':
        this.closed.EXPIRED++;
        break;
      default:
        break;
    }
  }
}
