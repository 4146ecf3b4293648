import { ENDPOINTS, TOPICS } from '../bus/index.js';
import type { CancelAllRequest, MessageBus } from '../bus/index.js';
import { createEventFactory } from '../core/index.js';
import type {
  AnyEvent, ApprovedBasket, ApprovedTrade, Broker, BrokerOrderState, BrokerReport, Clock, IdSource, InstrumentProvider, Logger,
  OrderChanges, OrderEventKind, OrderReport, VerifyApproval, VerifyBasketApproval,
} from '../core/index.js';
import { BasketBook } from './BasketBook.js';
import { BracketBook } from './BracketBook.js';
import { BrokerSessionMonitor, type BrokerSessionStatus } from './BrokerSessionMonitor.js';
import { clientOrderIdOf } from './clientOrderId.js';
import type { OrderEntry } from './OrderEntry.js';
import { orderOfTrade } from './orderOfTrade.js';
import { OrderJournal } from './OrderJournal.js';
import { OrderRegistry } from './OrderRegistry.js';
import { OrderRouter } from './OrderRouter.js';
import type { PlaceOutcome } from './OrderRouter.js';
import { Reconciler } from './Reconciler.js';
import { fillEvent, reportEvent } from './reportEvent.js';
import type { PendingOrderEvent } from './reportEvent.js';
import { TradingGate } from './TradingGate.js';
import type { TradingState, TradingStateChange } from './TradingGate.js';

export const EXECUTION_SOURCE = 'ExecutionEngine';

export interface ExecutionEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly broker: Broker;
  readonly verify: VerifyApproval;
  /** The authority's basket check; without it every basket is refused (fail closed). */
  readonly verifyBasket?: VerifyBasketApproval;
  readonly instruments: InstrumentProvider;
  readonly registry?: OrderRegistry;
  /** A broker call still unanswered after this long (Clock time) is marked for reconciliation; 0 turns it off. Default 30 s. */
  readonly brokerTimeoutMs?: number;
}

/** What `execute` did: placed (sent, queued for the rate budget, or sliced), denied before the broker, recognised as a retry, or refused as unapproved. */
export type ExecuteOutcome = PlaceOutcome | 'duplicate' | 'unapproved';

/**
 * The only holder of the Broker port. Approved trades and baskets become orders, broker reports become
 * Order* events (applied to the registry first, then emitted). Everything it sends goes through one router:
 * trading-state gate, freeze-quantity slicing, the broker's rate budget. Brackets and baskets are driven by
 * the order changes the journal reports; queued slices, basket deadlines and broker timeouts by the Clock,
 * checked on every bar and tick (and on `poll`). Synchronous throughout: the broker may call back from
 * inside any call, and the bus queues what we emit meanwhile.
 */
export class ExecutionEngine {
  readonly registry: OrderRegistry;
  private readonly bus: MessageBus;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly broker: Broker;
  private readonly verify: VerifyApproval;
  private readonly verifyBasket: VerifyBasketApproval | undefined;
  private readonly instruments: InstrumentProvider;
  private readonly journal: OrderJournal;
  private readonly gate = new TradingGate();
  private readonly session: BrokerSessionMonitor;
  private readonly router: OrderRouter;
  private readonly brackets: BracketBook;
  private readonly baskets: BasketBook;
  private readonly reconciler: Reconciler;

  constructor(options: ExecutionEngineOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.log = options.logger.child({ component: EXECUTION_SOURCE });
    this.broker = options.broker;
    this.verify = options.verify;
    this.verifyBasket = options.verifyBasket;
    this.instruments = options.instruments;
    this.registry = options.registry ?? new OrderRegistry({ instruments: options.instruments });
    const events = createEventFactory(EXECUTION_SOURCE, options.clock, options.ids);
    this.journal = new OrderJournal(options.bus, events, this.registry, this.log);
    this.session = new BrokerSessionMonitor({ bus: options.bus, events, log: this.log, broker: options.broker });
    this.router = new OrderRouter({
      journal: this.journal, broker: options.broker, gate: this.gate, session: this.session, instruments: options.instruments, clock: options.clock, log: this.log,
      brokerTimeoutMs: options.brokerTimeoutMs ?? 30_000,
    });
    const parts = { journal: this.journal, router: this.router, instruments: options.instruments, clock: options.clock };
    this.brackets = new BracketBook({ ...parts, log: this.log, canModify: options.broker.capabilities.modify });
    this.baskets = new BasketBook(parts);
    this.reconciler = new Reconciler(this.journal, options.clock, this.log);
    this.journal.onChanged = (entry) => this.changed(entry);
  }

  start(): void {
    this.bus.register(ENDPOINTS.executionExecute, (trade) => void this.execute(trade));
    this.bus.register(ENDPOINTS.executionCancel, (request) => void this.cancel(request.clientOrderId, request.reason));
    this.bus.register(ENDPOINTS.executionCancelAll, (request) => this.cancelAll(request));
    this.bus.register(ENDPOINTS.executionExecuteBasket, (basket) => this.executeBasket(basket));
    this.bus.subscribe('TradingStateChanged', (event) => this.applyTradingState(event.payload));
    this.bus.subscribe(TOPICS.bar, this.onMarketData);
    this.bus.subscribe(TOPICS.tick, this.onMarketData);
    this.broker.setListener((report) => this.onReport(report));
  }

  get tradingState(): TradingState {
    return this.gate.state;
  }

  /** Whether the broker session is open (new orders are sent) or expired (they are refused). */
  get brokerSession(): BrokerSessionStatus {
    return this.session.status;
  }

  /** Replay: the broker session state from the log (orders are replayed into the registry, not here). */
  applySessionEvent(event: AnyEvent): void {
    this.session.apply(event);
  }

  /** Hand the broker a fresh access token (never logged); trading resumes when it confirms with `sessionRestored`. */
  updateBrokerToken(token: string): void {
    this.session.updateToken(token);
  }

  /** Turn an approved trade into an order (with its bracket, if any); anything not minted by the risk authority is refused. */
  execute(trade: ApprovedTrade): ExecuteOutcome {
    if (!this.verify(trade)) {
      this.refuseUnapproved('UNAPPROVED_TRADE', 'trade was not approved by the risk engine; refused', trade);
      return 'unapproved';
    }
    const intent = trade.intent;
    const clientOrderId = clientOrderIdOf(intent.intentId);
    if (this.registry.entry(clientOrderId) !== undefined) {
      this.log.warn({ clientOrderId, decisionId: trade.decisionId }, 'intent already has an order; not sent again');
      return 'duplicate';
    }
    this.poll();
    const outcome = this.router.place(orderOfTrade(trade, this.clock.nowMs()), trade.decisionId);
    if (intent.bracket !== undefined && outcome !== 'denied') this.armBracket(clientOrderId, trade);
    return outcome;
  }

  /** All legs or none: verified as one approved basket, then placed; failure cancels and flattens. */
  executeBasket(approved: ApprovedBasket): void {
    if (this.verifyBasket === undefined || !this.verifyBasket(approved)) {
      this.refuseUnapproved('UNAPPROVED_BASKET', 'basket was not approved by the risk engine; refused', approved);
      return;
    }
    const { basket } = approved;
    if (this.baskets.has(basket.basketId) || basket.legs.some((leg) => this.registry.entry(clientOrderIdOf(leg.intentId)) !== undefined)) {
      this.log.warn({ basketId: basket.basketId }, 'basket (or one of its legs) already executed; not sent again');
      return;
    }
    this.poll();
    this.baskets.submit(approved);
  }

  /** Ask the broker to cancel (a sliced order: every open slice); a terminal order is refused. */
  cancel(clientOrderId: string, reason: string, by = 'user'): boolean {
    const entry = this.registry.entry(clientOrderId);
    if (entry === undefined || (entry.slices !== undefined && !entry.open)) {
      const why = entry === undefined ? `cancel for unknown order ${clientOrderId}` : `order ${clientOrderId} is ${entry.order.status}`;
      this.journal.refuse(clientOrderId, entry?.order.status ?? 'UNKNOWN', 'CANCEL_REQUEST', why, entry?.order, entry);
      return false;
    }
    return this.router.cancel(entry, reason, by);
  }

  /** Cancel every open order of the account (or of all accounts), each an OrderCancelRequested naming reason and who. */
  cancelAll(request: CancelAllRequest): number {
    this.brackets.disarmAll(request.accountId, `cancel-all by ${request.by}: ${request.reason}`);
    const open = this.registry.openBrokerOrders(request.accountId === undefined ? undefined : { accountId: request.accountId });
    let canceled = 0;
    for (const order of open) {
      const entry = this.registry.entry(order.clientOrderId);
      if (entry?.open === true && this.router.cancel(entry, request.reason, request.by)) canceled += 1;
    }
    this.log.info({ accountId: request.accountId ?? '*', by: request.by, canceled }, `cancel-all: ${request.reason}`);
    return canceled;
  }

  /** Ask the broker to change quantity or prices: OrderReplaceRequested (PENDING_REPLACE) first. */
  replace(clientOrderId: string, changes: OrderChanges): boolean {
    const entry = this.registry.entry(clientOrderId);
    if (entry === undefined) {
      this.journal.refuse(clientOrderId, 'UNKNOWN', 'REPLACE_REQUEST', `replace for unknown order ${clientOrderId}`, undefined);
      return false;
    }
    return this.router.replace(entry, changes);
  }

  /**
   * Apply a trading-state change (TradingStateChanged from the risk engine arrives here). The state is global,
   * as the risk engine's is. When it asks for open orders to be canceled this cancels them too (the risk
   * engine also sends cancel-all; the second finds nothing open, so doing both is safe and needs neither).
   */
  applyTradingState(change: TradingStateChange): void {
    this.gate.set(change.to, change.by, change.reason);
    this.log.info({ from: change.from, to: change.to, by: change.by }, `trading state: ${change.reason}`);
    if (change.cancelOpenOrders) this.cancelAll({ reason: change.reason, by: change.by, ...(change.accountId !== undefined ? { accountId: change.accountId } : {}) });
    this.poll();
  }

  /** The broker listener: each order report becomes its Order* event, applied first, then emitted; session reports pause or resume sending. */
  onReport(report: BrokerReport): void {
    if (report.kind === 'sessionExpired' || report.kind === 'sessionRestored') {
      if (this.session.onReport(report) && report.kind === 'sessionRestored') this.poll();
      return;
    }
    this.onOrderReport(report);
  }

  private onOrderReport(report: OrderReport): void {
    const entry = this.registry.entry(report.clientOrderId);
    if (entry === undefined) {
      this.journal.refuse(report.clientOrderId, 'UNKNOWN', REPORT_KIND[report.kind], `broker report ${report.kind} for unknown order ${report.clientOrderId}`, undefined);
      return;
    }
    const order = entry.order;
    let pending: PendingOrderEvent;
    if (report.kind === 'filled') {
      if (entry.hasFill(report.fillId)) {
        this.log.debug({ clientOrderId: order.clientOrderId, fillId: report.fillId }, 'fill already applied; ignored');
        return;
      }
      const instrument = this.instruments.get(order.instrumentId);
      if (instrument === undefined) {
        this.journal.refuse(order.clientOrderId, order.status, 'FILL', `fill ${report.fillId} for unknown instrument ${order.instrumentId}`, order, entry);
        return;
      }
      pending = fillEvent(report, order, instrument);
    } else {
      pending = reportEvent(report, order);
    }
    this.journal.record(entry, pending.type, pending.payload, order, pending.idempotencyKey);
    if (entry.needsReconciliation) this.reconciler.reported(entry);
  }

  /** Settle orders marked for reconciliation against the broker's open orders; returns how many were settled. */
  reconcile(openAtBroker: readonly BrokerOrderState[]): number {
    return this.reconciler.reconcile(openAtBroker);
  }

  /** `reconcile` against `broker.openOrders()`. */
  async reconcileWithBroker(): Promise<number> {
    return this.reconcile(await this.broker.openOrders());
  }

  /** Let the Clock act: send queued orders the budget allows, fail baskets past their deadline, mark unanswered broker calls. */
  poll(): void {
    if (this.router.idle() && this.baskets.size === 0) return;
    const nowMs = this.clock.nowMs();
    this.router.drain(nowMs);
    this.router.sweep(nowMs);
    this.baskets.sweep(nowMs);
  }

  private readonly onMarketData = (): void => this.poll();

  /** After every recorded change: settle broker calls, close a rejected slice's siblings, drive brackets and baskets. */
  private changed(entry: OrderEntry): void {
    this.router.changed(entry);
    const parent = entry.sliceParent;
    if (parent !== undefined && entry.order.status === 'REJECTED' && parent.open) {
      this.router.cancel(parent, `slice ${entry.order.clientOrderId} rejected: ${entry.order.reason ?? ''}`, EXECUTION_SOURCE);
    }
    const top = parent === undefined ? entry.order : parent.order;
    if (this.brackets.size > 0) this.brackets.changed(top);
    if (this.baskets.size > 0) this.baskets.changed(top);
  }

  private armBracket(entryId: string, trade: ApprovedTrade): void {
    if (this.broker.capabilities.nativeBrackets) {
      // Seam for venues with native brackets: once the Broker port has `submitBracket`, send the whole bracket there.
      this.log.debug({ entryId }, 'broker has native brackets, but the port cannot send them yet: emulating');
    }
    this.brackets.arm(entryId, trade.intent.bracket!);
  }

  private refuseUnapproved(code: string, message: string, value: unknown): void {
    const details = unapprovedDetails(value);
    this.journal.error(code, message, typeof details.instrumentId === 'string' ? details.instrumentId : EXECUTION_SOURCE, details);
  }
}

const REPORT_KIND: Readonly<Record<OrderReport['kind'], OrderEventKind>> = {
  accepted: 'ACCEPT', rejected: 'REJECT', filled: 'FILL', canceled: 'CANCEL', cancelRejected: 'CANCEL_REJECT',
  replaced: 'REPLACE', replaceRejected: 'REPLACE_REJECT', expired: 'EXPIRE',
};

/** What can be read safely from something that claims to be a trade or basket, for the error event. */
function unapprovedDetails(value: unknown): Record<string, unknown> {
  const inner = typeof value === 'object' && value !== null ? (value as { intent?: unknown; basket?: unknown }) : undefined;
  const intent = inner?.intent ?? inner?.basket;
  if (typeof intent !== 'object' || intent === null) return { received: typeof value };
  const { intentId, instrumentId, basketId } = intent as { intentId?: unknown; instrumentId?: unknown; basketId?: unknown };
  return {
    ...(typeof intentId === 'string' ? { intentId } : {}),
    ...(typeof basketId === 'string' ? { basketId } : {}),
    ...(typeof instrumentId === 'string' ? { instrumentId } : {}),
  };
}
