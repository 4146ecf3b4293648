import type { AccountSnapshot, AnyEvent, EventType, Order, OrderStatus, PositionSnapshot, StoredEvent } from '../core/index.js';

/**
 * What the HTTP API serves and steers, as the app hands it over. The API knows no engine: each method is a
 * query or a command on the running node, answered with plain JSON-ready values. Commands name the user
 * (`Actor`) so that each state change is an audit event saying who did it.
 */

export type Role = 'viewer' | 'trader' | 'admin';

/** Who asked: the authenticated user (or API key's owner) behind a request. */
export interface Actor {
  readonly username: string;
  readonly role: Role;
  /** `token` (logged in) or `apiKey:<id>`. */
  readonly via: string;
}

/** A command the node refused, with the field or the reason a person can act on. */
export class ControlError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'UNAVAILABLE',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export type ComponentState = 'ok' | 'degraded' | 'down';

export interface ComponentStatus {
  readonly name: string;
  readonly state: ComponentState;
  readonly detail?: string;
}

export interface NodeStatus {
  readonly state: ComponentState;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly mode: 'paper' | 'live';
  readonly accountId: string;
  readonly components: readonly ComponentStatus[];
}

// --- strategies ----------------------------------------------------------------------------------

export type ParamValue = number | string | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

export interface StrategyInfo {
  readonly strategyId: string;
  /** Which built-in (or plug-in) strategy it runs. */
  readonly strategy: string;
  readonly instruments: readonly string[];
  readonly timeframe: string;
  readonly params: Params;
  readonly active: boolean;
  /** An instance is receiving market data now. */
  readonly running: boolean;
  readonly problem?: string;
  readonly exchange?: string;
}

export interface StrategyRegistration {
  readonly strategyId: string;
  readonly strategy: string;
  readonly instruments: readonly string[];
  readonly timeframe?: string;
  readonly params?: Params;
  readonly active?: boolean;
}

export interface StrategyControl {
  /** The strategies available to register (name, parameter names and defaults). */
  kinds(): readonly { readonly name: string; readonly description: string; readonly params: Params }[];
  list(): readonly StrategyInfo[];
  get(strategyId: string): StrategyInfo | undefined;
  register(spec: StrategyRegistration, actor: Actor): StrategyInfo;
  activate(strategyId: string, actor: Actor): StrategyInfo;
  deactivate(strategyId: string, actor: Actor): StrategyInfo;
  setParams(strategyId: string, params: Params, actor: Actor): StrategyInfo;
}

// --- risk ----------------------------------------------------------------------------------------

export type TradingStateName = 'ACTIVE' | 'REDUCING' | 'HALTED';

export interface TradingStateInfo {
  readonly state: TradingStateName;
  readonly by: string;
  readonly reason: string;
  readonly since: string;
}

/** One configured rule with its limit and, where it measures something, the current value. */
export interface RiskRuleInfo {
  readonly rule: string;
  readonly enabled: boolean;
  /** The configured limits (as in risk_rules.yaml). */
  readonly limits: Readonly<Record<string, unknown>>;
  /** The measured value against the main limit, when the rule has one (e.g. daily loss so far). */
  readonly current?: number;
  readonly limit?: number;
  /** current / limit in percent, when both are known. */
  readonly usedPct?: number;
}

export interface RiskRejectionInfo {
  readonly ts: string;
  readonly rule: string;
  readonly reason: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  readonly correlationId: string;
}

export interface RiskStatus {
  readonly tradingState: TradingStateInfo;
  readonly rules: readonly RiskRuleInfo[];
  /** Rejections since start (or from the log), newest first, at most 50. */
  readonly recentRejections: readonly RiskRejectionInfo[];
  readonly rejectionsByRule: Readonly<Record<string, number>>;
}

export interface RiskControl {
  status(): RiskStatus;
  setTradingState(state: TradingStateName, reason: string, actor: Actor): TradingStateInfo;
  /** HALTED plus cancel every open order. */
  killSwitch(reason: string, actor: Actor): TradingStateInfo;
}

// --- execution -----------------------------------------------------------------------------------

export interface OrderQuery {
  readonly status?: OrderStatus;
  readonly instrumentId?: string;
  readonly strategyId?: string;
  readonly fromTs?: number;
  readonly toTs?: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface OrderPage {
  readonly orders: readonly Order[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface ExecutionStatus {
  readonly broker: string;
  readonly brokerSession: 'ok' | 'expired';
  readonly openOrders: number;
  readonly ordersByState: Readonly<Record<string, number>>;
  readonly awaitingReconciliation: number;
}

export interface ExecutionControl {
  status(): ExecutionStatus;
  openOrders(): readonly Order[];
  history(query: OrderQuery): OrderPage;
  order(clientOrderId: string): Order | undefined;
  /** Asks the broker to cancel; the outcome arrives as events. Throws NOT_FOUND / CONFLICT (not open). */
  cancel(clientOrderId: string, actor: Actor): Order;
  /** Cancels every open order; answers how many were asked. */
  cancelAll(actor: Actor): { readonly requested: number };
}

// --- portfolio -----------------------------------------------------------------------------------

export interface PositionInfo extends PositionSnapshot {
  readonly lastPrice?: number;
  /** Marked at the last price, minor units. */
  readonly marketValueMinor?: number;
  readonly unrealizedMinor?: number;
}

export interface PortfolioSummary {
  readonly accountId: string;
  readonly currency: string;
  readonly cashMinor: number;
  readonly equityMinor: number;
  readonly startingCashMinor: number;
  /** Since the start of today's session (UTC day of the node's clock). */
  readonly pnlTodayMinor: number;
  readonly pnlTotalMinor: number;
  readonly realizedMinor: number;
  readonly unrealizedMinor: number;
  readonly grossExposureMinor: number;
  readonly netExposureMinor: number;
  readonly openPositions: number;
  /** Minor digits of the currency (2 for USD/INR): amount = minor / 10^digits. */
  readonly minorDigits: number;
  readonly asOf: string;
}

export interface PortfolioControl {
  account(): AccountSnapshot & { readonly equityMinor: number; readonly minorDigits: number };
  /** Net positions of the account (strategyId '*'), or every strategy's book with `books`. */
  positions(books?: boolean): readonly PositionInfo[];
  summary(): PortfolioSummary;
  /** Equity samples for the curve, oldest first: [epoch ms, equity minor]. */
  equityCurve(): readonly (readonly [number, number])[];
}

// --- events --------------------------------------------------------------------------------------

export interface EventLogQuery {
  readonly types?: readonly EventType[];
  readonly correlationId?: string;
  readonly key?: string;
  readonly fromTs?: number;
  readonly toTs?: number;
  /** Return events with seq greater than this (paging forward). */
  readonly afterSeq?: number;
  /** Return events with seq less than this (paging back). */
  readonly beforeSeq?: number;
  /** Newest first with `desc` (default `asc`). */
  readonly order?: 'asc' | 'desc';
  readonly limit: number;
}

export interface EventControl {
  query(query: EventLogQuery): Promise<readonly StoredEvent[]>;
  /** Every event of one correlation id (one trade's story), in log order. */
  story(correlationId: string): Promise<readonly StoredEvent[]>;
  /** Live events as they are journaled; returns the unsubscribe. Listeners must not throw or block. */
  subscribe(listener: (event: AnyEvent) => void): () => void;
  /** Record a state-changing API call or a login (who, what, outcome) as an event in the log. */
  audit(entry: AuditEntry): void;
}

/** One audited call: the UserActionRecorded payload. */
export interface AuditEntry {
  readonly username: string;
  readonly role: string;
  readonly via: string;
  /** `POST /strategies/:strategyId/deactivate`, `login`… */
  readonly action: string;
  /** What it acted on (`sma-1`, an order id, a username); empty when nothing in particular. */
  readonly target: string;
  /** The HTTP status the call got. */
  readonly outcome: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

// --- market simulation -----------------------------------------------------------------------------

export interface SimulatedTick {
  readonly instrumentId: string;
  readonly price: number;
  readonly size?: number;
}

export interface SimulatedBar {
  readonly instrumentId: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
  readonly timeframe?: string;
}

export interface MarketControl {
  /** Only in paper mode; throws UNAVAILABLE otherwise. */
  simulateTick(tick: SimulatedTick, actor: Actor): void;
  simulateBar(bar: SimulatedBar, actor: Actor): void;
  lastPrices(): Readonly<Record<string, number>>;
}

// --- backtests -----------------------------------------------------------------------------------

export interface BacktestRequest {
  readonly strategy: string;
  readonly params?: Params;
  /** Instrument symbols (CSV files under the data directory) or `synthetic:<SYMBOL>`. */
  readonly instruments: readonly string[];
  readonly timeframe?: string;
  readonly from?: string;
  readonly to?: string;
  readonly startingCash?: number;
}

export type BacktestState = 'queued' | 'running' | 'done' | 'failed';

export interface BacktestJob {
  readonly id: string;
  readonly state: BacktestState;
  readonly request: BacktestRequest;
  /** 0..1 */
  readonly progress: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly error?: string;
  readonly requestedBy: string;
  /** Headline statistics once done. */
  readonly summary?: Readonly<Record<string, number | string | null>>;
}

export interface BacktestControl {
  start(request: BacktestRequest, actor: Actor): BacktestJob;
  list(): readonly BacktestJob[];
  get(id: string): BacktestJob | undefined;
  /** result.json of a finished job. */
  result(id: string): Promise<unknown>;
  /** The self-contained report.html of a finished job. */
  report(id: string): Promise<string>;
}

/** Everything the API is given. */
export interface NodeControl {
  status(): NodeStatus;
  readonly strategies: StrategyControl;
  readonly risk: RiskControl;
  readonly execution: ExecutionControl;
  readonly portfolio: PortfolioControl;
  readonly events: EventControl;
  readonly market: MarketControl;
  readonly backtests: BacktestControl;
}
