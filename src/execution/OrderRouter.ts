import type { Broker, Clock, Instrument, InstrumentProvider, Logger, Order, OrderChanges, OrderStatus } from '../core/index.js';
import type { BrokerSessionMonitor } from './BrokerSessionMonitor.js';
import type { OrderEntry } from './OrderEntry.js';
import type { OrderJournal } from './OrderJournal.js';
import { orderRequestOf } from './orderRequest.js';
import { sliceQuantity } from './sliceQuantity.js';
import { SubmitThrottle } from './SubmitThrottle.js';
import type { TradingGate } from './TradingGate.js';

/** What became of an order handed to `place`. */
export type PlaceOutcome = 'submitted' | 'queued' | 'sliced' | 'denied';

export interface OrderRouterOptions {
  readonly journal: OrderJournal;
  readonly broker: Broker;
  readonly gate: TradingGate;
  /** While the broker session is expired no new order is sent (cancels still are). */
  readonly session: BrokerSessionMonitor;
  readonly instruments: InstrumentProvider;
  readonly clock: Clock;
  readonly log: Logger;
  /** A broker call without an answer after this long is marked for reconciliation (0: never). */
  readonly brokerTimeoutMs: number;
}

interface CancelLater {
  readonly reason: string;
  readonly by: string;
}

const PENDING: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_CANCEL', 'PENDING_REPLACE']);

/**
 * The one way to the broker port, for every kind of order. `place` checks the instrument and the trading
 * gate, slices an order larger than the instrument's freeze quantity into lot-multiple slices under one
 * parent, and sends within the broker's rate budget; what exceeds it waits (INITIALIZED) in a FIFO queue
 * that `drain` sends as the Clock moves, re-checking the gate at the moment of sending. A broker call that
 * throws, or stays unanswered past the timeout, leaves the order in its pending state, marked for
 * reconciliation: nothing is guessed.
 */
export class OrderRouter {
  private readonly journal: OrderJournal;
  private readonly broker: Broker;
  private readonly gate: TradingGate;
  private readonly session: BrokerSessionMonitor;
  private readonly instruments: InstrumentProvider;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly timeoutMs: number;
  private readonly throttle: SubmitThrottle;
  private readonly queue: OrderEntry[] = [];
  private queueHead = 0;
  /** Broker calls not answered yet → the time they are given up on. */
  private readonly pending = new Map<OrderEntry, number>();
  private readonly cancelAfterReplace = new Map<OrderEntry, CancelLater>();

  constructor(options: OrderRouterOptions) {
    this.journal = options.journal;
    this.broker = options.broker;
    this.gate = options.gate;
    this.session = options.session;
    this.instruments = options.instruments;
    this.clock = options.clock;
    this.log = options.log;
    this.timeoutMs = options.brokerTimeoutMs;
    this.throttle = new SubmitThrottle(options.broker.capabilities.ordersPerSecond);
  }

  /** Send (or slice, or queue) a new order; `order` has status SUBMITTED and does not exist yet. */
  place(order: Order, causationId: string): PlaceOutcome {
    const instrument = this.instruments.get(order.instrumentId);
    const refusal = instrument === undefined ? `unknown instrument ${order.instrumentId}` : this.refusal(order, instrument);
    if (refusal !== undefined || instrument === undefined) {
      this.deny(order, refusal ?? 'unknown instrument', causationId);
      return 'denied';
    }
    const freeze = instrument.freezeQuantity;
    if (freeze !== undefined && order.quantity > freeze) {
      this.slice(order, instrument, freeze, causationId);
      return 'sliced';
    }
    const id = order.clientOrderId;
    if (this.queueHead === this.queue.length && this.throttle.take(this.clock.nowMs())) {
      const entry = this.journal.record(undefined, 'OrderSubmitted', { order }, order, `order:${id}:submitted`, causationId);
      if (entry !== undefined) this.submit(entry);
      return 'submitted';
    }
    const initialized: Order = { ...order, status: 'INITIALIZED' };
    const entry = this.journal.record(undefined, 'OrderInitialized', { order: initialized }, initialized, `order:${id}:initialized`, causationId);
    if (entry !== undefined) this.queue.push(entry);
    this.drain(this.clock.nowMs());
    return 'queued';
  }

  /** Why `order` may not go to the broker now (unknown instrument, broker session, trading state), or undefined. */
  refusalOf(order: Order): string | undefined {
    const instrument = this.instruments.get(order.instrumentId);
    return instrument === undefined ? `unknown instrument ${order.instrumentId}` : this.refusal(order, instrument);
  }

  /** Record `order` as refused before reaching the broker (OrderDenied). */
  deny(order: Order, reason: string, causationId: string): void {
    const denied: Order = { ...order, status: 'REJECTED', reason };
    this.log.warn({ clientOrderId: order.clientOrderId }, reason);
    this.journal.record(undefined, 'OrderDenied', { order: denied }, denied, `order:${order.clientOrderId}:denied`, causationId);
  }

  /** Send what waits in the queue as far as the rate budget allows at `nowMs`. */
  drain(nowMs: number): void {
    while (this.queueHead < this.queue.length) {
      const entry = this.queue[this.queueHead]!;
      const order = entry.order;
      if (order.status !== 'INITIALIZED') {
        this.queueHead += 1; // canceled while it waited
        continue;
      }
      const refusal = this.refusalOf(order);
      if (refusal !== undefined) {
        this.queueHead += 1;
        this.journal.record(entry, 'OrderRejected', { clientOrderId: order.clientOrderId, reason: refusal }, order, `order:${order.clientOrderId}:rejected`);
        continue;
      }
      if (!this.throttle.take(nowMs)) break;
      this.queueHead += 1;
      const submitted: Order = { ...order, status: 'SUBMITTED', updatedTs: nowMs };
      if (this.journal.record(entry, 'OrderSubmitted', { order: submitted }, submitted, `order:${order.clientOrderId}:submitted`) !== undefined) {
        this.submit(entry);
      }
    }
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
  }

  /** Ask the broker to cancel (a parent: each open slice; an order still queued: canceled at once). */
  cancel(entry: OrderEntry, reason: string, by: string): boolean {
    if (entry.slices !== undefined) {
      let any = false;
      for (const slice of entry.slices) if (slice.open && this.cancel(slice, reason, by)) any = true;
      return any;
    }
    const order = entry.order;
    const id = order.clientOrderId;
    if (order.status === 'INITIALIZED') {
      return this.journal.record(entry, 'OrderCanceled', { clientOrderId: id, reason }, order, `order:${id}:canceled`) !== undefined;
    }
    if (order.status === 'PENDING_CANCEL') return true;
    if (order.status === 'PENDING_REPLACE') {
      this.cancelAfterReplace.set(entry, { reason, by }); // the table allows no cancel request until the replace is answered
      return true;
    }
    const key = `order:${id}:cancel-requested:${this.clock.nowMs()}`;
    if (this.journal.record(entry, 'OrderCancelRequested', { clientOrderId: id, reason, by }, order, key) === undefined) return false;
    try {
      this.broker.cancel(id);
    } catch (error) {
      this.unknownOutcome(entry, 'cancel', error);
      return true;
    }
    this.awaitAnswer(entry, 'PENDING_CANCEL');
    return true;
  }

  /** Ask the broker to change quantity or prices (PENDING_REPLACE first). */
  replace(entry: OrderEntry, changes: OrderChanges): boolean {
    const order = entry.order;
    const id = order.clientOrderId;
    const refusal = entry.slices !== undefined ? 'a sliced order is replaced slice by slice'
      : !this.broker.capabilities.modify ? `broker ${this.broker.name} cannot modify orders`
        : this.gate.replaceRefusal(order, changes);
    if (refusal !== undefined) {
      this.journal.refuse(id, order.status, 'REPLACE_REQUEST', refusal, order, entry);
      return false;
    }
    const key = `order:${id}:replace-requested:${this.clock.nowMs()}`;
    if (this.journal.record(entry, 'OrderReplaceRequested', { clientOrderId: id, ...changes }, order, key) === undefined) return false;
    try {
      this.broker.modify(id, changes);
    } catch (error) {
      this.unknownOutcome(entry, 'modify', error);
      return true;
    }
    this.awaitAnswer(entry, 'PENDING_REPLACE');
    return true;
  }

  /** After any change of an order: settle its waiting broker call, and send a cancel held back by a replace. */
  changed(entry: OrderEntry): void {
    if (this.pending.size > 0 && !PENDING.has(entry.order.status)) this.pending.delete(entry);
    if (this.cancelAfterReplace.size > 0 && entry.order.status !== 'PENDING_REPLACE') {
      const later = this.cancelAfterReplace.get(entry);
      if (later !== undefined) {
        this.cancelAfterReplace.delete(entry);
        if (entry.open) this.cancel(entry, later.reason, later.by);
      }
    }
  }

  /** Mark broker calls unanswered past their timeout for reconciliation. */
  sweep(nowMs: number): void {
    for (const [entry, deadlineMs] of this.pending) {
      if (!PENDING.has(entry.order.status)) this.pending.delete(entry);
      else if (nowMs >= deadlineMs) {
        this.pending.delete(entry);
        const action = entry.order.status === 'SUBMITTED' ? 'submit' : entry.order.status === 'PENDING_CANCEL' ? 'cancel' : 'modify';
        this.markUnknown(entry, action, `no answer from broker ${this.broker.name} within ${this.timeoutMs} ms`);
      }
    }
  }

  /** Nothing queued and no broker call waiting: the clock has nothing to drive. */
  idle(): boolean {
    return this.queueHead === this.queue.length && this.pending.size === 0;
  }

  private refusal(order: Order, instrument: Instrument): string | undefined {
    const session = this.session.refusal();
    if (session !== undefined) return session;
    if (this.gate.state === 'ACTIVE') return undefined;
    return this.gate.refusal(order, this.journal.registry.netFilled(order.accountId, order.instrumentId), instrument);
  }

  private slice(order: Order, instrument: Instrument, freeze: number, causationId: string): void {
    const quantities = sliceQuantity(order.quantity, freeze, instrument.lotSize, instrument.quantityPrecision);
    const parentId = order.clientOrderId;
    const slices = quantities.map((quantity, i): Order => ({
      ...order, clientOrderId: `${parentId}-s${i + 1}`, quantity, parentId, status: 'INITIALIZED',
    }));
    if (!this.journal.note('OrderSliced', { parent: order, slices }, order.instrumentId, order.correlationId, causationId, `order:${parentId}:sliced`)) return;
    const parent = this.journal.registry.entry(parentId);
    for (const slice of parent?.slices ?? []) this.queue.push(slice);
    this.drain(this.clock.nowMs());
  }

  private submit(entry: OrderEntry): void {
    try {
      this.broker.submit(orderRequestOf(entry.order));
    } catch (error) {
      this.unknownOutcome(entry, 'submit', error);
      return;
    }
    this.awaitAnswer(entry, 'SUBMITTED');
  }

  private awaitAnswer(entry: OrderEntry, status: OrderStatus): void {
    if (this.timeoutMs > 0 && entry.order.status === status) this.pending.set(entry, this.clock.nowMs() + this.timeoutMs);
  }

  private unknownOutcome(entry: OrderEntry, action: 'submit' | 'cancel' | 'modify', error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.markUnknown(entry, action, `broker ${this.broker.name} ${action} failed: ${message}`);
  }

  private markUnknown(entry: OrderEntry, action: 'submit' | 'cancel' | 'modify', reason: string): void {
    const order = entry.order;
    this.log.error({ clientOrderId: order.clientOrderId, action, status: order.status }, `${reason}; the order stays ${order.status} until reconciled`);
    const key = `order:${order.clientOrderId}:reconciliation-needed:${action}:${this.clock.nowMs()}`;
    this.journal.note('OrderReconciliationNeeded', { clientOrderId: order.clientOrderId, action, reason }, order.instrumentId, order.correlationId, entry.lastEventId, key);
  }
}
