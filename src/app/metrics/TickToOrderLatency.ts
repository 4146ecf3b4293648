import { Histogram, type Registry } from 'prom-client';

/** Seconds: 10 µs … 1 s, dense around the 50 µs p50 and 500 µs p99 targets. */
export const TICK_TO_ORDER_BUCKETS_S = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
] as const;

/** Signals waiting for their order; a signal that never becomes one (ignored, rejected) is dropped past this many. */
const MAX_PENDING_SIGNALS = 1024;

/**
 * Time from a bar or tick arriving at the node to the OrderSubmitted it caused. The chain is synchronous —
 * a strategy's signal is emitted while the bar is handled, and decision, risk and execution follow within
 * the same dispatch — so the arrival time of the latest market data for the signal's instrument, taken when
 * the SignalGenerated is seen, is the arrival of the data that caused it. The order is matched to the signal
 * by correlation id; only the first order of a signal is timed (not its later slices or bracket children).
 * Approximations: an order waiting for the broker's rate budget is timed when it is finally submitted; orders
 * from external signals (webhook, AmiBroker) are not timed, having no market data behind them.
 */
export class TickToOrderLatency {
  private readonly arrivedMs = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private readonly histogram: Histogram;

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'fortress_tick_to_order_seconds',
      help: 'Market data arriving at the node to the OrderSubmitted it caused (strategy signals only)',
      buckets: [...TICK_TO_ORDER_BUCKETS_S],
      registers: [registry],
    });
  }

  /** Market data for `instrumentId` arrived at `nowMs` (a monotonic clock). */
  arrived(instrumentId: string, nowMs: number): void {
    this.arrivedMs.set(instrumentId, nowMs);
  }

  /** A strategy signal: remember when its instrument's data arrived, under the signal's correlation id. */
  signal(correlationId: string, instrumentId: string): void {
    const arrivedMs = this.arrivedMs.get(instrumentId);
    if (arrivedMs === undefined) return;
    if (this.pending.size >= MAX_PENDING_SIGNALS) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(correlationId, arrivedMs);
  }

  /** An order was submitted at `nowMs`; timed when it is the first of a pending signal. */
  submitted(correlationId: string, nowMs: number): void {
    const arrivedMs = this.pending.get(correlationId);
    if (arrivedMs === undefined) return;
    this.pending.delete(correlationId);
    this.histogram.observe((nowMs - arrivedMs) / 1000);
  }

  /** The signal ended without an order (ignored, rejected by risk, denied): stop waiting for it. */
  forget(correlationId: string): void {
    this.pending.delete(correlationId);
  }
}
