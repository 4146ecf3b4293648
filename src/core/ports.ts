import type { AnyEvent, EventType } from './events.js';
import type { Instrument } from './instrument.js';
import type { Bar, Tick, Timeframe } from './market.js';
import type { Order, OrderSide, OrderType, TimeInForce } from './order.js';
import type { AccountSnapshot, MarkedPositions, PositionSnapshot } from './position.js';

// ---------------------------------------------------------------------------------------------
// Event store
// ---------------------------------------------------------------------------------------------

/** An event with its position in the log (1-based, gap-free, assigned by the store). */
export interface StoredEvent {
  readonly seq: number;
  readonly event: AnyEvent;
}

export interface EventQuery {
  /** Inclusive lower bound on seq. */
  readonly fromSeq?: number;
  /** Inclusive upper bound on seq. */
  readonly toSeq?: number;
  readonly fromTs?: number;
  readonly toTs?: number;
  readonly types?: readonly EventType[];
  readonly correlationId?: string;
  readonly key?: string;
  readonly limit?: number;
  /** `desc`: newest first, so `limit` keeps the latest matches (a live tail's first page). Default `asc`. */
  readonly order?: 'asc' | 'desc';
}

export interface Snapshot {
  readonly name: string;
  /** The last seq folded into `state`. */
  readonly seq: number;
  readonly ts: number;
  readonly state: unknown;
}

/**
 * Append-only event log. `append` is synchronous and cheap (it may buffer); `flush` makes everything
 * appended so far durable. An event whose idempotency key is already stored is not stored again.
 */
export interface EventStore {
  append(event: AnyEvent): void;
  flush(): Promise<void>;
  /** Events matching the query, by seq (ascending unless `order: 'desc'`). */
  read(query?: EventQuery): Promise<StoredEvent[]>;
  /** Highest seq stored (after flush), 0 when empty. */
  lastSeq(): Promise<number>;
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  /**
   * Save `state`, built from every event appended so far, as snapshot `name`, and answer the seq it was taken
   * at: the seq of the last of those events, which only the store knows once they are written (duplicates take
   * none). Take the state and call this in the same synchronous step, so no event slips in between.
   */
  saveSnapshotAtHead(name: string, ts: number, state: unknown): Promise<number>;
  loadSnapshot(name: string): Promise<Snapshot | undefined>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Broker
// ---------------------------------------------------------------------------------------------

export interface OrderRequest {
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** TRAILING_STOP: distance of the stop from the best price since the order went live. */
  readonly trailingOffset?: number;
  readonly timeInForce: TimeInForce;
}

export interface OrderChanges {
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
}

/** What a broker tells us about our orders. Every adapter maps its venue's messages to these. */
export type BrokerReport =
  | { readonly kind: 'accepted'; readonly clientOrderId: string; readonly brokerOrderId: string; readonly ts: number }
  | { readonly kind: 'rejected'; readonly clientOrderId: string; readonly reason: string; readonly ts: number }
  | {
      readonly kind: 'filled';
      readonly clientOrderId: string;
      readonly fillId: string;
      readonly quantity: number;
      readonly price: number;
      readonly commissionMinor: number;
      readonly ts: number;
    }
  | { readonly kind: 'canceled'; readonly clientOrderId: string; readonly reason: string; readonly ts: number }
  | { readonly kind: 'cancelRejected'; readonly clientOrderId: string; readonly reason: string; readonly ts: number }
  | { readonly kind: 'replaced'; readonly clientOrderId: string; readonly changes: OrderChanges; readonly ts: number }
  | { readonly kind: 'replaceRejected'; readonly clientOrderId: string; readonly reason: string; readonly ts: number }
  | { readonly kind: 'expired'; readonly clientOrderId: string; readonly ts: number }
  /** Not about one order: the venue refused our session (expired or invalid token). */
  | { readonly kind: 'sessionExpired'; readonly reason: string; readonly ts: number }
  /** Not about one order: a fresh token was accepted. */
  | { readonly kind: 'sessionRestored'; readonly ts: number };

/** The reports about our session with the venue rather than about one order. */
export type BrokerSessionReport = Extract<BrokerReport, { readonly kind: 'sessionExpired' | 'sessionRestored' }>;
/** The reports about one order (each names its `clientOrderId`). */
export type OrderReport = Exclude<BrokerReport, BrokerSessionReport>;

export type BrokerListener = (report: BrokerReport) => void;

export interface BrokerCapabilities {
  readonly nativeBrackets: boolean;
  readonly modify: boolean;
  readonly ordersPerSecond: number;
}

/** An order as the broker sees it, for reconciliation. */
export interface BrokerOrderState {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly instrumentId: string;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly open: boolean;
}

export interface BrokerPosition {
  readonly accountId: string;
  readonly instrumentId: string;
  readonly quantity: number;
}

/**
 * The only door to a venue; only the execution engine holds one. Requests return at once; the outcome
 * arrives as reports to the listener (synchronously for the paper broker in a backtest).
 */
export interface Broker {
  readonly name: string;
  readonly capabilities: BrokerCapabilities;
  setListener(listener: BrokerListener): void;
  submit(order: OrderRequest): void;
  cancel(clientOrderId: string): void;
  modify(clientOrderId: string, changes: OrderChanges): void;
  openOrders(): Promise<BrokerOrderState[]>;
  positions(): Promise<BrokerPosition[]>;
  /** Hand the venue a fresh access token; the outcome arrives as a `sessionRestored` (or `sessionExpired`) report. */
  updateToken?(token: string): void;
}

// ---------------------------------------------------------------------------------------------
// Market data, instruments, sessions
// ---------------------------------------------------------------------------------------------

export interface MarketDataSink {
  onBar(bar: Bar): void;
  onTick(tick: Tick): void;
}

export interface MarketDataFeed {
  readonly name: string;
  start(sink: MarketDataSink): Promise<void>;
  stop(): Promise<void>;
}

export interface InstrumentProvider {
  get(instrumentId: string): Instrument | undefined;
  all(): readonly Instrument[];
}

/** Exchange sessions. Implemented in `data`, read by risk and the runtime through this port. */
export interface SessionCalendar {
  /**
   * Whether `exchange` is trading at `tsMs`. For daily (or longer) timeframes only the date matters:
   * a daily bar is dispatched at its last millisecond, and its signal is inside trading hours when the
   * bar's day (the exchange-local date half a day before `tsMs`) is a trading day.
   */
  isOpen(exchange: string, tsMs: number, timeframe?: Timeframe): boolean;
}

// ---------------------------------------------------------------------------------------------
// Read-only views other engines use
// ---------------------------------------------------------------------------------------------

export interface PortfolioView {
  /** A strategy's book when `strategyId` is given, else the account's net position. */
  position(accountId: string, instrumentId: string, strategyId?: string): PositionSnapshot | undefined;
  positions(accountId: string): readonly PositionSnapshot[];
  account(accountId: string): AccountSnapshot | undefined;
  /** Cash plus positions marked at the last price, in minor units. */
  equityMinor(accountId: string): number;
  lastPrice(instrumentId: string): number | undefined;
  /** The account's net positions already marked at the last prices (a view kept current, not a copy), when the implementation keeps them. */
  markedPositions?(accountId: string): MarkedPositions | undefined;
}

export interface OrderFilter {
  readonly accountId?: string;
  readonly strategyId?: string;
  readonly instrumentId?: string;
}

export interface OrderView {
  get(clientOrderId: string): Order | undefined;
  openOrders(filter?: OrderFilter): readonly Order[];
}
