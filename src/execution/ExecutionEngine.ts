import { ENDPOINTS } from '../bus/index.js';
import type { MessageBus } from '../bus/index.js';
import { createEventFactory } from '../core/index.js';
import type {
  AnyEvent, ApprovedTrade, Broker, BrokerReport, Clock, EventFactory, EventPayloads, IdSource, InstrumentProvider, Logger,
  Order, OrderChanges, OrderEventKind, OrderRequest, OrderStatus, VerifyApproval,
} from '../core/index.js';
import { clientOrderIdOf } from './clientOrderId.js';
import type { OrderEventType } from './evolveOrder.js';
import { OrderRegistry } from './OrderRegistry.js';
import { fillEvent, reportEvent } from './reportEvent.js';
import type { PendingOrderEvent } from './reportEvent.js';

export const EXECUTION_SOURCE = 'ExecutionEngine';

export interface ExecutionEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly broker: Broker;
  readonly verify: VerifyApproval;
  readonly instruments: InstrumentProvider;
  readonly registry?: OrderRegistry;
}

/** What `execute` did: sent to the broker, recognised as a retry, refused as unapproved, or rejected locally. */
export type ExecuteOutcome = 'submitted' | 'duplicate' | 'unapproved' | 'rejected';

/**
 * The only holder of the Broker port. Approved trades become orders (OrderSubmitted, then the broker);
 * broker reports become Order* events. Every event is applied to the registry before it is emitted; a
 * transition the table refuses is emitted as OrderTransitionRefused and changes nothing. Synchronous
 * throughout: the broker may call back from inside `submit`, and the bus queues what we emit meanwhile.
 */
export class ExecutionEngine {
  readonly registry: OrderRegistry;
  private readonly bus: MessageBus;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly broker: Broker;
  private readonly verify: VerifyApproval;
  private readonly instruments: InstrumentProvider;
  private readonly events: EventFactory;

  constructor(options: ExecutionEngineOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.log = options.logger.child({ component: EXECUTION_SOURCE });
    this.broker = options.broker;
    this.verify = options.verify;
    this.instruments = options.instruments;
    this.events = createEventFactory(EXECUTION_SOURCE, options.clock, options.ids);
    this.registry = options.registry
      ?? new OrderRegistry({ quantityPrecisionOf: (instrumentId) => options.instruments.get(instrumentId)?.quantityPrecision });
  }

  start(): void {
    this.bus.register(ENDPOINTS.executionExecute, (trade) => void this.execute(trade));
    this.bus.register(ENDPOINTS.executionCancel, (request) => void this.cancel(request.clientOrderId, request.reason));
    this.broker.setListener((report) => this.onReport(report));
  }

  /** Turn an approved trade into an order at the broker; anything not minted by the risk authority is refused. */
  execute(trade: ApprovedTrade): ExecuteOutcome {
    if (!this.verify(trade)) {
      this.refuseUnapproved(trade);
      return 'unapproved';
    }
    const intent = trade.intent;
    const clientOrderId = clientOrderIdOf(intent.intentId);
    if (this.registry.get(clientOrderId) !== undefined) {
      this.log.warn({ clientOrderId, decisionId: trade.decisionId }, 'intent already has an order; not sent again');
      return 'duplicate';
    }
    const nowMs = this.clock.nowMs();
    const order: Order = {
      clientOrderId, intentId: intent.intentId, accountId: intent.accountId, strategyId: intent.strategyId,
      instrumentId: intent.instrumentId, side: intent.side, type: intent.orderType, quantity: trade.quantity,
      ...(intent.limitPrice !== undefined ? { limitPrice: intent.limitPrice } : {}),
      ...(intent.stopPrice !== undefined ? { stopPrice: intent.stopPrice } : {}),
      timeInForce: intent.timeInForce, status: 'SUBMITTED', filledQuantity: 0, avgFillPrice: 0,
      correlationId: intent.correlationId, reduceOnly: intent.reduceOnly, createdTs: nowMs, updatedTs: nowMs,
    };
    const submitted = this.events.create('OrderSubmitted', { order }, {
      key: order.instrumentId, correlationId: order.correlationId, causationId: trade.decisionId,
      idempotencyKey: `order:${clientOrderId}:submitted`,
    });
    const applied = this.registry.apply(submitted);
    if (!applied.ok) {
      this.refuse(clientOrderId, applied.status, applied.attempted, applied.reason, order);
      return 'rejected';
    }
    this.bus.emit(submitted);
    if (this.instruments.get(order.instrumentId) === undefined) {
      this.record('OrderRejected', { clientOrderId, reason: `unknown instrument ${order.instrumentId}` }, order, `order:${clientOrderId}:rejected`);
      return 'rejected';
    }
    const request: OrderRequest = {
      clientOrderId, accountId: order.accountId, instrumentId: order.instrumentId, side: order.side, type: order.type,
      quantity: order.quantity, timeInForce: order.timeInForce,
      ...(order.limitPrice !== undefined ? { limitPrice: order.limitPrice } : {}),
      ...(order.stopPrice !== undefined ? { stopPrice: order.stopPrice } : {}),
    };
    try {
      this.broker.submit(request);
    } catch (error) {
      this.brokerFailed('submit', order, error);
      return 'rejected';
    }
    return 'submitted';
  }

  /** Ask the broker to cancel: OrderCancelRequested (PENDING_CANCEL) first; a terminal order is refused. */
  cancel(clientOrderId: string, reason: string): boolean {
    const order = this.registry.get(clientOrderId);
    if (order === undefined) {
      this.refuse(clientOrderId, 'UNKNOWN', 'CANCEL_REQUEST', `cancel for unknown order ${clientOrderId}`, undefined);
      return false;
    }
    const key = `order:${clientOrderId}:cancel-requested:${this.clock.nowMs()}`;
    if (!this.record('OrderCancelRequested', { clientOrderId, reason }, order, key)) return false;
    try {
      this.broker.cancel(clientOrderId);
    } catch (error) {
      this.brokerFailed('cancel', order, error);
    }
    return true;
  }

  /** Ask the broker to change quantity or prices: OrderReplaceRequested (PENDING_REPLACE) first. */
  replace(clientOrderId: string, changes: OrderChanges): boolean {
    const order = this.registry.get(clientOrderId);
    if (order === undefined) {
      this.refuse(clientOrderId, 'UNKNOWN', 'REPLACE_REQUEST', `replace for unknown order ${clientOrderId}`, undefined);
      return false;
    }
    if (!this.broker.capabilities.modify) {
      this.refuse(clientOrderId, order.status, 'REPLACE_REQUEST', `broker ${this.broker.name} cannot modify orders`, order);
      return false;
    }
    const key = `order:${clientOrderId}:replace-requested:${this.clock.nowMs()}`;
    if (!this.record('OrderReplaceRequested', { clientOrderId, ...changes }, order, key)) return false;
    try {
      this.broker.modify(clientOrderId, changes);
    } catch (error) {
      this.brokerFailed('modify', order, error);
    }
    return true;
  }

  /** The broker listener: each report becomes its Order* event, applied first, then emitted. */
  onReport(report: BrokerReport): void {
    const order = this.registry.get(report.clientOrderId);
    if (order === undefined) {
      this.refuse(report.clientOrderId, 'UNKNOWN', REPORT_KIND[report.kind], `broker report ${report.kind} for unknown order ${report.clientOrderId}`, undefined);
      return;
    }
    if (report.kind === 'filled' && this.registry.hasFill(report.fillId)) {
      this.log.debug({ clientOrderId: order.clientOrderId, fillId: report.fillId }, 'fill already applied; ignored');
      return;
    }
    let pending: PendingOrderEvent;
    if (report.kind === 'filled') {
      const instrument = this.instruments.get(order.instrumentId);
      if (instrument === undefined) {
        this.refuse(order.clientOrderId, order.status, 'FILL', `fill ${report.fillId} for unknown instrument ${order.instrumentId}`, order);
        return;
      }
      pending = fillEvent(report, order, instrument);
    } else {
      pending = reportEvent(report, order);
    }
    this.record(pending.type, pending.payload, order, pending.idempotencyKey);
  }

  /** Build the event, apply it, and emit it only if the registry took it. */
  private record<T extends OrderEventType>(type: T, payload: EventPayloads[T], order: Order, idempotencyKey: string): boolean {
    const event = this.events.create(type, payload, {
      key: order.instrumentId, correlationId: order.correlationId,
      causationId: this.registry.lastEventId(order.clientOrderId) ?? order.correlationId, idempotencyKey,
    }) as unknown as AnyEvent;
    const result = this.registry.apply(event);
    if (!result.ok) {
      this.refuse(order.clientOrderId, result.status, result.attempted, result.reason, order);
      return false;
    }
    if (result.change !== 'applied') return false;
    this.bus.emit(event);
    return true;
  }

  private refuse(clientOrderId: string, status: OrderStatus | 'UNKNOWN', attempted: OrderEventKind, reason: string, order: Order | undefined): void {
    this.log.warn({ clientOrderId, status, attempted }, reason);
    this.bus.emit(this.events.create('OrderTransitionRefused', { clientOrderId, status, attempted, reason }, {
      key: order?.instrumentId ?? clientOrderId,
      ...(order !== undefined ? { correlationId: order.correlationId } : {}),
      ...(order !== undefined ? { causationId: this.registry.lastEventId(clientOrderId) ?? order.correlationId } : {}),
    }));
  }

  private brokerFailed(action: 'submit' | 'cancel' | 'modify', order: Order, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log.error({ clientOrderId: order.clientOrderId, action, error: message }, 'broker call failed');
    const id = order.clientOrderId;
    const nowMs = this.clock.nowMs();
    const reason = `broker ${this.broker.name} ${action} failed: ${message}`;
    if (action === 'submit') this.record('OrderRejected', { clientOrderId: id, reason }, order, `order:${id}:rejected`);
    else if (action === 'cancel') this.record('OrderCancelRejected', { clientOrderId: id, reason }, this.registry.get(id)!, `order:${id}:cancel-rejected:${nowMs}`);
    else this.record('OrderReplaceRejected', { clientOrderId: id, reason }, this.registry.get(id)!, `order:${id}:replace-rejected:${nowMs}`);
  }

  private refuseUnapproved(trade: unknown): void {
    const details = unapprovedDetails(trade);
    this.log.error(details, 'refused a trade the risk engine did not approve');
    this.bus.emit(this.events.create('ErrorRaised', {
      component: EXECUTION_SOURCE, code: 'UNAPPROVED_TRADE', message: 'trade was not approved by the risk engine; refused', details,
    }, { key: typeof details.instrumentId === 'string' ? details.instrumentId : EXECUTION_SOURCE }));
  }
}

const REPORT_KIND: Readonly<Record<BrokerReport['kind'], OrderEventKind>> = {
  accepted: 'ACCEPT', rejected: 'REJECT', filled: 'FILL', canceled: 'CANCEL', cancelRejected: 'CANCEL_REJECT',
  replaced: 'REPLACE', replaceRejected: 'REPLACE_REJECT', expired: 'EXPIRE',
};

/** What can be read safely from something that claims to be a trade, for the error event. */
function unapprovedDetails(trade: unknown): Record<string, unknown> {
  const intent = typeof trade === 'object' && trade !== null ? (trade as { intent?: unknown }).intent : undefined;
  if (typeof intent !== 'object' || intent === null) return { received: typeof trade };
  const { intentId, instrumentId } = intent as { intentId?: unknown; instrumentId?: unknown };
  return {
    ...(typeof intentId === 'string' ? { intentId } : {}),
    ...(typeof instrumentId === 'string' ? { instrumentId } : {}),
  };
}
