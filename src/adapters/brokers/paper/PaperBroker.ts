import { barCloseMs, fromUnits, InvariantError, isOpenStatus, nextOrderStatus, sideSign, toUnits, ValidationError } from '../../../core/index.js';
import type {
  Bar, Broker, BrokerCapabilities, BrokerListener, BrokerOrderState, BrokerPosition, BrokerReport, Clock, InstrumentProvider,
  MarketDataSink, OrderChanges, OrderEventKind, Tick,
} from '../../../core/index.js';
import { CommissionModel } from './CommissionModel.js';
import { barFillPrice, tickFillPrice } from './fillPrice.js';
import { compactWorking, createMarketBook, hasMarket, volumeCapUnits } from './MarketBook.js';
import type { MarketBook } from './MarketBook.js';
import { modifyProblem, orderRequestProblem } from './orderRequestProblem.js';
import { parsePaperBrokerConfig } from './PaperBrokerConfig.js';
import type { PaperBrokerConfig, ResolvedPaperBrokerConfig } from './PaperBrokerConfig.js';
import { PaperPositions } from './PaperPositions.js';
import { startTrailing } from './trailingStop.js';
import { brokerStateOf, createWorkingOrder, requestOf } from './WorkingOrder.js';
import type { PaperOrderRequest, WorkingOrder } from './WorkingOrder.js';
import type { PaperBrokerState } from './PaperBrokerState.js';

export interface PaperBrokerOptions {
  readonly clock: Clock;
  readonly instruments: InstrumentProvider;
  readonly config: PaperBrokerConfig;
  /** For any future randomness (latency, partial-fill noise); the broker is deterministic today. */
  readonly seed?: number;
  /**
   * Close of the session an order placed at `tsMs` belongs to (the session trading then, or the next one),
   * epoch ms; DAY orders expire when market data at or after it arrives. Without it DAY orders never expire.
   * The composition root builds it from the exchange calendar.
   */
  readonly sessionCloseOf?: (instrumentId: string, tsMs: number) => number | undefined;
  /** A reason to reject a request (undefined: the usual validation decides): rehearses venue rejections. */
  readonly rejectWhen?: (request: PaperOrderRequest) => string | undefined;
}

const NO_LISTENER: BrokerListener = () => undefined;

/**
 * A simulated venue. The composition root feeds it market data before strategies see it; it fills working
 * orders by the configured model, reports through the listener synchronously, and keeps its own view of
 * orders and positions for reconciliation. Deterministic: no randomness, ids are counters.
 */
export class PaperBroker implements Broker, MarketDataSink {
  readonly name = 'paper';
  readonly capabilities: BrokerCapabilities;
  readonly config: ResolvedPaperBrokerConfig;
  readonly seed: number;
  private readonly clock: Clock;
  private readonly instruments: InstrumentProvider;
  private readonly commission: CommissionModel;
  private readonly orders = new Map<string, WorkingOrder>();
  private readonly rejected = new Set<string>();
  private readonly books = new Map<string, MarketBook>();
  private readonly positionBook = new PaperPositions();
  private readonly rejectIds: ReadonlySet<string>;
  private readonly rejectWhen: ((request: PaperOrderRequest) => string | undefined) | undefined;
  private readonly sessionCloseOf: ((instrumentId: string, tsMs: number) => number | undefined) | undefined;
  private listener: BrokerListener = NO_LISTENER;
  private brokerSeq = 0;
  private received = 0;
  /** Why the simulated session is refused (undefined: it is open). */
  private sessionProblem: string | undefined;

  constructor(options: PaperBrokerOptions) {
    this.clock = options.clock;
    this.instruments = options.instruments;
    this.config = parsePaperBrokerConfig(options.config);
    this.seed = options.seed ?? 0;
    this.commission = new CommissionModel(this.config.commission);
    this.capabilities = { nativeBrackets: false, modify: true, ordersPerSecond: this.config.ordersPerSecond };
    this.rejectIds = new Set(this.config.rejectClientIds);
    this.rejectWhen = options.rejectWhen;
    this.sessionCloseOf = options.sessionCloseOf;
  }

  setListener(listener: BrokerListener): void {
    this.listener = listener;
  }

  /** Order requests that reached this venue (accepted, rejected or repeated): what a test counts to prove nothing got through. */
  get requestsReceived(): number {
    return this.received;
  }

  /**
   * Simulate the venue refusing our session (token expired or revoked): reports `sessionExpired`; until
   * `updateToken`, submissions are rejected, cancels and modifications refused. Working orders still fill.
   */
  expireSession(reason = 'access token expired'): void {
    this.sessionProblem = reason;
    this.listener({ kind: 'sessionExpired', reason, ts: this.clock.nowMs() });
  }

  /** A fresh token restores the session (`sessionRestored`); a blank one is invalid (`sessionExpired`). */
  updateToken(token: string): void {
    if (token.trim() === '') {
      this.expireSession('invalid access token: empty');
      return;
    }
    this.sessionProblem = undefined;
    this.listener({ kind: 'sessionRestored', ts: this.clock.nowMs() });
  }

  submit(request: PaperOrderRequest): void {
    this.received += 1;
    const id = request.clientOrderId;
    if (this.sessionProblem !== undefined) return this.refuseSession(id, 'rejected');
    if (this.orders.has(id) || this.rejected.has(id)) return; // idempotent: a known order is never taken twice
    const book = this.bookFor(request.instrumentId);
    const problem = this.configuredRejection(request)
      ?? orderRequestProblem(request, book?.instrument)
      ?? (this.config.rejectWhenNoMarket && request.type === 'MARKET' && !hasMarket(book, this.config.fillModel)
        ? `no market data yet for ${request.instrumentId}` : undefined);
    if (problem !== undefined || book === undefined) {
      this.rejected.add(id);
      this.listener({ kind: 'rejected', clientOrderId: id, reason: problem ?? `unknown instrument ${request.instrumentId}`, ts: this.clock.nowMs() });
      return;
    }
    const order = this.createOrder(request, book);
    this.orders.set(id, order);
    book.working.push(order);
    this.listener({ kind: 'accepted', clientOrderId: id, brokerOrderId: order.brokerOrderId, ts: this.clock.nowMs() });
    if (this.config.fillModel === 'close' && order.type === 'MARKET' && book.lastBar !== undefined) {
      this.tryFill(book, order, barFillPrice(order, book.lastBar, book.lastBar.close, this.config.slippageBps), barCloseMs(book.lastBar));
    }
  }

  cancel(clientOrderId: string): void {
    if (this.sessionProblem !== undefined) return this.refuseSession(clientOrderId, 'cancelRejected');
    const order = this.orders.get(clientOrderId);
    if (order === undefined) {
      this.listener({ kind: 'cancelRejected', clientOrderId, reason: `unknown order ${clientOrderId}`, ts: this.clock.nowMs() });
      return;
    }
    this.close(order, 'CANCEL', 'canceled on request');
  }

  /** Change quantity or prices of a working order (PENDING_REPLACE → working again through the table). */
  modify(clientOrderId: string, changes: OrderChanges): void {
    if (this.sessionProblem !== undefined) return this.refuseSession(clientOrderId, 'replaceRejected');
    const order = this.orders.get(clientOrderId);
    const request = order === undefined ? undefined : { ...requestOf(order), ...changes };
    const problem = order === undefined || request === undefined ? `unknown order ${clientOrderId}` : modifyProblem(order, request);
    if (problem !== undefined || order === undefined || request === undefined) {
      this.listener({ kind: 'replaceRejected', clientOrderId, reason: problem ?? 'invalid change', ts: this.clock.nowMs() });
      return;
    }
    this.transition(order, 'REPLACE_REQUEST');
    order.quantity = request.quantity;
    order.quantityUnits = toUnits(request.quantity, order.instrument.quantityPrecision);
    order.limitPrice = request.limitPrice;
    order.stopPrice = request.stopPrice;
    this.transition(order, 'REPLACE');
    this.listener({ kind: 'replaced', clientOrderId, changes, ts: this.clock.nowMs() });
  }

  /** Expire a working order (DAY orders at the session end, decided by whoever holds the calendar). */
  expire(clientOrderId: string): void {
    const order = this.orders.get(clientOrderId);
    if (order !== undefined) this.close(order, 'EXPIRE', 'expired');
  }

  /** Expire every DAY order whose session closed by `nowMs` (a live node calls this at the session end). */
  expireDue(nowMs: number): void {
    for (const book of this.books.values()) {
      for (const order of book.working) if (order.expireAtMs <= nowMs && isOpenStatus(order.status)) this.close(order, 'EXPIRE', 'session closed');
      compactWorking(book.working);
    }
  }

  onBar(bar: Bar): void {
    const book = this.bookFor(bar.instrumentId);
    if (book === undefined) return;
    book.lastBar = bar;
    if (this.config.fillModel === 'tick') return;
    book.lastVolume = bar.volume;
    book.availableUnits = Number.NaN;
    if (book.working.length === 0) return;
    const nextOpen = this.config.fillModel === 'next-open';
    const marketPrice = nextOpen ? bar.open : bar.close;
    const fillTs = nextOpen ? bar.ts : barCloseMs(bar);
    const working = book.working;
    const count = working.length; // orders arriving meanwhile wait for the next bar
    for (let i = 0; i < count; i++) {
      const order = working[i]!;
      if (!isOpenStatus(order.status)) continue;
      if (order.expireAtMs <= bar.ts) this.close(order, 'EXPIRE', 'session closed');
      else this.tryFill(book, order, barFillPrice(order, bar, marketPrice, this.config.slippageBps), fillTs);
    }
    compactWorking(working);
  }

  onTick(tick: Tick): void {
    const book = this.bookFor(tick.instrumentId);
    if (book === undefined) return;
    book.lastTick = tick;
    if (this.config.fillModel !== 'tick') return;
    book.lastVolume = tick.size;
    book.availableUnits = Number.NaN;
    const working = book.working;
    const count = working.length;
    for (let i = 0; i < count; i++) {
      const order = working[i]!;
      if (!isOpenStatus(order.status)) continue;
      if (order.expireAtMs <= tick.ts) this.close(order, 'EXPIRE', 'session closed');
      else this.tryFill(book, order, tickFillPrice(order, tick, this.config.slippageBps), tick.ts);
    }
    compactWorking(working);
  }

  /** Its durable state (working orders and positions), for the runtime to persist next to the event log. */
  snapshot(): PaperBrokerState {
    const orders = [...this.orders.values()].filter((o) => isOpenStatus(o.status)).map((o) => ({
      clientOrderId: o.clientOrderId, brokerOrderId: o.brokerOrderId, accountId: o.accountId, instrumentId: o.instrument.id,
      side: o.side, type: o.type, timeInForce: o.timeInForce, quantity: o.quantity, filledQuantity: o.filledQuantity,
      ...(o.limitPrice !== undefined ? { limitPrice: o.limitPrice } : {}),
      ...(o.stopPrice !== undefined ? { stopPrice: o.stopPrice } : {}),
      ...(o.trailingOffset !== undefined ? { trailingOffset: o.trailingOffset } : {}),
      bestPrice: Number.isNaN(o.bestPrice) ? null : o.bestPrice, triggered: o.triggered,
      expireAtMs: Number.isNaN(o.expireAtMs) ? null : o.expireAtMs, status: o.status, fillCount: o.fillCount,
      commissionComputedMinor: o.commissionComputedMinor, commissionChargedMinor: o.commissionChargedMinor,
    }));
    return { version: 1, brokerSeq: this.brokerSeq, orders, positions: this.positionBook.list().map((p) => ({ ...p })) };
  }

  /** Start from a persisted state (before any order or market data); unknown instruments are refused by name. */
  restore(state: PaperBrokerState): void {
    if (this.orders.size > 0 || this.received > 0) throw new InvariantError('paper broker: restore before any order reaches it');
    this.brokerSeq = state.brokerSeq;
    for (const saved of state.orders) {
      const book = this.bookFor(saved.instrumentId);
      if (book === undefined) throw new ValidationError(`paper broker state: order ${saved.clientOrderId} is for unknown instrument ${saved.instrumentId}`);
      const request: PaperOrderRequest = {
        clientOrderId: saved.clientOrderId, accountId: saved.accountId, instrumentId: saved.instrumentId, side: saved.side, type: saved.type,
        quantity: saved.quantity, timeInForce: saved.timeInForce,
        ...(saved.limitPrice !== undefined ? { limitPrice: saved.limitPrice } : {}),
        ...(saved.stopPrice !== undefined ? { stopPrice: saved.stopPrice } : {}),
        ...(saved.trailingOffset !== undefined ? { trailingOffset: saved.trailingOffset } : {}),
      };
      const order = createWorkingOrder(request, book.instrument, saved.brokerOrderId, saved.expireAtMs ?? Number.NaN);
      Object.assign(order, {
        filledQuantity: saved.filledQuantity, filledUnits: toUnits(saved.filledQuantity, book.instrument.quantityPrecision),
        bestPrice: saved.bestPrice ?? Number.NaN, triggered: saved.triggered, status: saved.status, fillCount: saved.fillCount,
        commissionComputedMinor: saved.commissionComputedMinor, commissionChargedMinor: saved.commissionChargedMinor,
      });
      this.orders.set(order.clientOrderId, order);
      book.working.push(order);
    }
    for (const position of state.positions) {
      const instrument = this.instruments.get(position.instrumentId);
      if (instrument === undefined) throw new ValidationError(`paper broker state: position in unknown instrument ${position.instrumentId}`);
      this.positionBook.add(position.accountId, instrument, toUnits(position.quantity, instrument.quantityPrecision));
    }
  }

  async openOrders(): Promise<BrokerOrderState[]> {
    const result: BrokerOrderState[] = [];
    for (const order of this.orders.values()) if (isOpenStatus(order.status)) result.push(brokerStateOf(order));
    return result;
  }

  /** Net position per account and instrument from this broker's own fills (flat ones left out). */
  async positions(): Promise<BrokerPosition[]> {
    return this.positionBook.list();
  }

  /**
   * One chance to trade at `price` (NaN: the market did not reach the order). Fills at most the volume left in
   * this bar/tick, in lot multiples; FOK needs all of it, IOC cancels whatever did not fill.
   */
  private tryFill(book: MarketBook, order: WorkingOrder, price: number, ts: number): void {
    const once = order.timeInForce === 'IOC' || order.timeInForce === 'FOK';
    if (Number.isNaN(price)) {
      if (once) this.close(order, 'CANCEL', `${order.timeInForce} order found no price to trade at`);
      return;
    }
    if (Number.isNaN(book.availableUnits)) book.availableUnits = volumeCapUnits(book, this.config.maxVolumeShare);
    const remaining = order.quantityUnits - order.filledUnits;
    const units = Math.min(remaining, book.availableUnits);
    if (order.timeInForce === 'FOK' && units < remaining) {
      this.close(order, 'CANCEL', `FOK order needs ${fromUnits(remaining, book.instrument.quantityPrecision)}, only ${fromUnits(units, book.instrument.quantityPrecision)} available`);
      return;
    }
    if (units > 0) {
      book.availableUnits -= units;
      this.fill(order, units, price, ts);
    }
    if (once && isOpenStatus(order.status)) this.close(order, 'CANCEL', 'IOC remainder canceled');
  }

  private fill(order: WorkingOrder, units: number, price: number, ts: number): void {
    const precision = order.instrument.quantityPrecision;
    const quantity = fromUnits(units, precision);
    const commissionMinor = this.commission.chargeFill(order, order.instrument, price, quantity);
    order.fillCount += 1;
    order.filledUnits += units;
    order.filledQuantity = fromUnits(order.filledUnits, precision);
    this.transition(order, order.filledUnits === order.quantityUnits ? 'FILL' : 'PARTIAL_FILL');
    this.positionBook.add(order.accountId, order.instrument, sideSign(order.side) * units);
    const fillId = `${order.clientOrderId}-f${order.fillCount}`;
    this.listener({ kind: 'filled', clientOrderId: order.clientOrderId, fillId, quantity, price, commissionMinor, ts });
  }

  /** Cancel or expire: refused by the table (a terminal order) → cancelRejected. */
  private close(order: WorkingOrder, kind: 'CANCEL' | 'EXPIRE', reason: string): void {
    const ts = this.clock.nowMs();
    const next = nextOrderStatus(order, kind);
    if (!next.ok) {
      if (kind === 'CANCEL') this.listener({ kind: 'cancelRejected', clientOrderId: order.clientOrderId, reason: `order is ${order.status}`, ts });
      return;
    }
    order.status = next.status;
    const report: BrokerReport = kind === 'CANCEL'
      ? { kind: 'canceled', clientOrderId: order.clientOrderId, reason, ts }
      : { kind: 'expired', clientOrderId: order.clientOrderId, ts };
    this.listener(report);
  }

  /** A call made with a refused session: the venue answers it with the session error, then says the session is gone. */
  private refuseSession(clientOrderId: string, kind: 'rejected' | 'cancelRejected' | 'replaceRejected'): void {
    const problem = this.sessionProblem ?? '';
    const ts = this.clock.nowMs();
    this.listener({ kind, clientOrderId, reason: `session expired: ${problem}`, ts });
    this.listener({ kind: 'sessionExpired', reason: problem, ts });
  }

  private transition(order: WorkingOrder, kind: OrderEventKind): void {
    const next = nextOrderStatus(order, kind);
    if (!next.ok) throw new InvariantError(`paper broker order ${order.clientOrderId}: ${next.reason}`);
    order.status = next.status;
  }

  private createOrder(request: PaperOrderRequest, book: MarketBook): WorkingOrder {
    const nowMs = this.clock.nowMs();
    const expireAtMs = request.timeInForce === 'DAY' ? (this.sessionCloseOf?.(request.instrumentId, nowMs) ?? Number.NaN) : Number.NaN;
    const order = createWorkingOrder(request, book.instrument, `paper-${++this.brokerSeq}`, expireAtMs);
    this.transition(order, 'ACCEPT');
    if (order.type === 'TRAILING_STOP') {
      const reference = this.config.fillModel === 'tick' ? book.lastTick?.price : book.lastBar?.close;
      if (reference !== undefined) startTrailing(order, reference);
    }
    return order;
  }

  private configuredRejection(request: PaperOrderRequest): string | undefined {
    if (this.rejectIds.size > 0 && this.rejectIds.has(request.clientOrderId)) return `client order id ${request.clientOrderId} is configured to be rejected`;
    return this.rejectWhen?.(request);
  }

  private bookFor(instrumentId: string): MarketBook | undefined {
    const book = this.books.get(instrumentId);
    if (book !== undefined) return book;
    const instrument = this.instruments.get(instrumentId);
    if (instrument === undefined) return undefined;
    const created = createMarketBook(instrument);
    this.books.set(instrumentId, created);
    return created;
  }
}
