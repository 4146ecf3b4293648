import { ENDPOINTS, TOPICS, type MessageBus, type Unsubscribe } from '../bus/index.js';
import { createEventFactory } from '../core/index.js';
import type {
  ApproveBasket, ApproveTrade, Bar, BasketIntent, Clock, EventContext, EventEnvelope, EventFactory, IdSource, InstrumentProvider, Logger,
  OrderView, PortfolioView, SessionCalendar, TradeIntent,
} from '../core/index.js';
import type { AccountLimit, Breach } from './AccountLimit.js';
import { AccountMetrics, type AccountMetricsSnapshot, type AccountMetricsView } from './AccountMetrics.js';
import { BasketGate, type BasketDecision } from './BasketGate.js';
import { configChanges } from './configChanges.js';
import { IntentDecisions, type RiskDecision } from './IntentDecisions.js';
import { LimitWatch } from './LimitWatch.js';
import type { RiskConfig } from './riskConfig.js';
import type { RiskRule } from './RiskRule.js';
import { RiskState } from './RiskState.js';
import { RuleBook } from './RuleBook.js';
import { RuleRunner } from './RuleRunner.js';
import { createTradingStateRule, TRADING_STATE_SEVERITY, type TradingState, type TradingStatus } from './tradingState.js';
import { TradingStateController } from './TradingStateController.js';
import { VolumeTracker } from './VolumeTracker.js';

export const RISK_SOURCE = 'risk';
/** Who the trading state names while the broker session is expired. */
export const BROKER_SESSION_BY = 'broker-session';
export type { RiskDecision } from './IntentDecisions.js';

export interface RiskEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** From the approval authority; only this engine holds it. */
  readonly approve: ApproveTrade;
  /** From the same authority, for baskets; without it every basket is rejected (fail closed). */
  readonly approveBasket?: ApproveBasket;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  readonly config: RiskConfig;
  /** Accounts whose limits are watched from the start (others join at their first intent or fill). */
  readonly accountIds?: readonly string[];
  /** Counters rebuilt from the log (RiskStateFold); a fresh state by default. */
  readonly state?: RiskState;
  /** The trading state rebuilt from the log (RiskStateFold); ACTIVE by default. */
  readonly tradingStatus?: TradingStatus;
  /** The rules to run, in order, for every account and instrument; by default the enabled rules of `config`. */
  readonly rules?: readonly RiskRule[];
  /** The trading state while the broker session is expired (BrokerSessionExpired … BrokerSessionRestored). Default HALTED. */
  readonly brokerSessionAction?: 'REDUCING' | 'HALTED';
}

/**
 * The only way to an ApprovedTrade. Each TradeIntent runs through the trading-state gate and then its rules
 * (per account and instrument) in order; the first that fails decides (RiskRejected). If all pass, the trade
 * is minted, the counters move, RiskApproved is emitted and the trade is sent to execution. A rule that throws
 * fails closed. Between intents the engine watches equity and exposure and trips itself to REDUCING or HALTED
 * when an account-wide limit breaks; "deactivating" it means HALTED, never a pass-through.
 */
export class RiskEngine {
  readonly state: RiskState;
  private readonly bus: MessageBus;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly log: Logger;
  private readonly events: EventFactory;
  private readonly trading: TradingStateController;
  private readonly runner: RuleRunner;
  private readonly baskets: BasketGate;
  private readonly metricsFold = new AccountMetrics();
  private readonly limits: LimitWatch;
  private readonly volumes: VolumeTracker;
  private readonly decisions: IntentDecisions;
  private readonly fixedRules: readonly RiskRule[] | undefined;
  private currentConfig: RiskConfig;
  private readonly brokerSessionAction: 'REDUCING' | 'HALTED';
  /** The state the broker-session pause replaced, restored with the session (ACTIVE when unknown, e.g. after a restart). */
  private pausedFrom: TradingState | undefined;
  private nextSampleMs = Number.NEGATIVE_INFINITY;
  private subscriptions: Unsubscribe[] = [];
  private registered = false;

  constructor(options: RiskEngineOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.ids = options.ids;
    this.log = options.logger.child({ component: RISK_SOURCE });
    this.events = createEventFactory(RISK_SOURCE, options.clock, options.ids);
    this.state = options.state ?? new RiskState();
    this.currentConfig = options.config;
    this.fixedRules = options.rules;
    this.brokerSessionAction = options.brokerSessionAction ?? 'HALTED';
    const initial = options.tradingStatus ?? { state: 'ACTIVE', by: 'startup', reason: 'default', sinceMs: options.clock.nowMs() };
    this.trading = new TradingStateController(this.bus, this.events, this.clock, this.log, initial);
    const book = new RuleBook(options.config, options.rules);
    this.volumes = new VolumeTracker(book.maxLookbackBars());
    const { portfolio, orders, instruments, calendar } = options;
    this.runner = new RuleRunner({ portfolio, orders, instruments, calendar, volumes: this.volumes, metrics: this.metricsFold }, createTradingStateRule(this.trading), book, this.state);
    this.limits = new LimitWatch({ portfolio, instruments, metrics: this.metricsFold, book: () => this.runner.ruleBook, onBreach: this.onBreach });
    for (const accountId of [...(options.accountIds ?? []), ...Object.keys(options.config.accounts)]) this.limits.watch(accountId);
    this.decisions = new IntentDecisions({ bus: this.bus, ids: this.ids, log: this.log, events: this.events, approve: options.approve, state: this.state, source: RISK_SOURCE });
    this.baskets = new BasketGate({
      bus: this.bus, clock: this.clock, ids: this.ids, log: this.log, events: this.events, runner: this.runner, state: this.state,
      approve: options.approve, approveBasket: options.approveBasket,
    });
  }

  /** Register the risk endpoints and follow fills, account updates and bars (volumes, throttled limit checks). */
  start(): void {
    if (!this.registered) {
      this.bus.register(ENDPOINTS.riskEvaluate, this.onIntent);
      this.bus.register(ENDPOINTS.riskEvaluateBasket, this.onBasket);
      this.registered = true;
    }
    if (this.subscriptions.length > 0) return;
    this.subscriptions = [
      this.bus.subscribe(TOPICS.bar, this.onBar),
      this.bus.subscribe('PositionChanged', this.onPortfolioEvent),
      this.bus.subscribe('AccountUpdated', this.onPortfolioEvent),
      this.bus.subscribe('BrokerSessionExpired', this.onBrokerSessionExpired),
      this.bus.subscribe('BrokerSessionRestored', this.onBrokerSessionRestored),
    ];
  }

  /** Stop following the bus (the endpoints stay registered: a stopped engine still decides, it just stops watching). */
  stop(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
  }

  get config(): RiskConfig {
    return this.currentConfig;
  }

  get tradingStatus(): TradingStatus {
    return this.trading.status;
  }

  /** Equity references (start of day, peak) per account, as sampled so far. */
  get metrics(): AccountMetricsView {
    return this.metricsFold;
  }

  /** The equity references for the node's snapshot (see AccountMetrics.snapshot). */
  equityReferences(): AccountMetricsSnapshot[] {
    return this.metricsFold.snapshot();
  }

  /** Restore them from a snapshot at restart, before trading resumes. */
  restoreEquityReferences(references: readonly AccountMetricsSnapshot[]): void {
    this.metricsFold.restore(references);
  }

  /** Set the trading state by hand; emits TradingStateChanged. Returns false when it was already `state`. */
  setTradingState(state: TradingState, by: string, reason: string, options: { readonly cancelOpenOrders?: boolean; readonly accountId?: string } = {}): boolean {
    return this.trading.set(state, { by, reason, ...options });
  }

  /** The kill switch: HALTED at once, then every open order (of `accountId`, or all) is asked to be canceled. */
  killSwitch(by: string, reason: string, accountId?: string): void {
    this.trading.set('HALTED', { by, reason, cancelOpenOrders: true, ...(accountId !== undefined ? { accountId } : {}) });
  }

  /** Turning risk off halts trading; it never lets anything through unchecked. */
  deactivate(by: string, reason: string): void {
    this.trading.set('HALTED', { by, reason: `risk engine deactivated: ${reason}` });
  }

  /** Sample every watched account now and trip on any broken limit (the engine also does this on its own). */
  checkLimits(): void {
    this.limits.observeAll(this.clock.nowMs());
  }

  /**
   * Swap in a new (validated) configuration without a restart: counters and trading state are kept, rules are
   * rebuilt. Emits RiskConfigChanged listing what changed; returns the changes (none: nothing emitted).
   */
  applyConfig(config: RiskConfig, source: string, calendar?: SessionCalendar): string[] {
    const changes = configChanges(this.currentConfig, config);
    if (calendar !== undefined) this.runner.setCalendar(calendar);
    if (changes.length === 0) return changes;
    const book = new RuleBook(config, this.fixedRules);
    this.currentConfig = config;
    this.runner.setBook(book);
    this.volumes.setCapacity(book.maxLookbackBars());
    for (const accountId of Object.keys(config.accounts)) this.limits.watch(accountId);
    this.log.info({ source, changes }, 'risk configuration changed');
    this.bus.emit(this.events.create('RiskConfigChanged', { source, changes }, { key: RISK_SOURCE }));
    this.checkLimits(); // a tighter limit may already be broken
    return changes;
  }

  /** A configuration that failed validation was not applied: log it and emit ErrorRaised naming the keys. */
  reportConfigError(source: string, problems: readonly string[]): void {
    this.log.error({ source, problems }, 'risk configuration rejected; the previous one stays in force');
    const message = `risk configuration from ${source} rejected, previous one kept: ${problems.join('; ')}`;
    this.bus.emit(this.events.create('ErrorRaised', { component: RISK_SOURCE, code: 'RISK_CONFIG_INVALID', message, details: { source, problems: [...problems] } }, { key: RISK_SOURCE }));
  }

  /** Decide one intent: emits exactly one RiskApproved or RiskRejected (and sends an approved trade on). */
  evaluate(intent: TradeIntent): RiskDecision {
    const earlier = this.decisions.recall(intent.intentId);
    if (earlier !== undefined) return earlier; // a redelivery: the first decision stands, nothing changes
    const nowMs = this.clock.nowMs();
    this.limits.observe(intent.accountId, nowMs, false, undefined);
    const outcome = this.runner.run(intent, nowMs, this.state);
    if (outcome.kind === 'approved') return this.decisions.approve(intent, outcome.quantity, outcome.resizedBy, nowMs);
    if (outcome.kind === 'rejected') return this.decisions.reject(intent, outcome.rule, outcome.verdict!);
    return this.decisions.failClosed(intent, outcome.rule, outcome.error);
  }

  /** Decide a basket: every leg approved (BasketApproved, sent to execution) or none (BasketRejected naming leg and rule). */
  evaluateBasket(basket: BasketIntent): BasketDecision {
    this.limits.observe(basket.accountId, this.clock.nowMs(), false, undefined);
    return this.baskets.evaluate(basket);
  }

  private readonly onIntent = (intent: TradeIntent): void => {
    this.evaluate(intent);
  };

  private readonly onBasket = (basket: BasketIntent): void => {
    this.evaluateBasket(basket);
  };

  /** Per bar: one volume write and one comparison; the limits are sampled at most once per `monitor.intervalMs`. */
  private readonly onBar = (bar: Bar): void => {
    this.volumes.onBar(bar);
    if (bar.ts < this.nextSampleMs) return;
    this.nextSampleMs = bar.ts + this.currentConfig.monitor.intervalMs;
    this.limits.observeAll(this.clock.nowMs());
  };

  private readonly onPortfolioEvent = (event: EventEnvelope<'PositionChanged'> | EventEnvelope<'AccountUpdated'>): void => {
    const accountId = event.type === 'PositionChanged' ? event.payload.position.accountId : event.payload.account.accountId;
    this.limits.observe(accountId, this.clock.nowMs(), true, event);
  };

  /** The broker refused our session: pause (unless the state is already as strict); working orders are left alone. */
  private readonly onBrokerSessionExpired = (event: EventEnvelope<'BrokerSessionExpired'>): void => {
    const from = this.trading.status.state;
    if (TRADING_STATE_SEVERITY[this.brokerSessionAction] <= TRADING_STATE_SEVERITY[from]) return;
    this.pausedFrom = from;
    this.trading.set(this.brokerSessionAction, { by: BROKER_SESSION_BY, reason: `broker ${event.payload.broker} session expired: ${event.payload.reason}`, cause: event });
  };

  /** Resume, unless someone (an operator, a tripped limit) set the state since the pause: their decision stands. */
  private readonly onBrokerSessionRestored = (event: EventEnvelope<'BrokerSessionRestored'>): void => {
    if (this.trading.status.by !== BROKER_SESSION_BY) return;
    const to = this.pausedFrom ?? 'ACTIVE';
    this.pausedFrom = undefined;
    this.trading.set(to, { by: BROKER_SESSION_BY, reason: `broker ${event.payload.broker} session restored`, cause: event });
  };

  /** A limit broke: trip to its action unless the state is already at least as strict (trips only escalate). */
  private readonly onBreach = (accountId: string, limit: AccountLimit, breach: Breach, cause: EventEnvelope | undefined): void => {
    if (TRADING_STATE_SEVERITY[limit.action] <= TRADING_STATE_SEVERITY[this.trading.status.state]) return;
    const context: EventContext = cause === undefined ? { key: accountId } : { key: accountId, correlationId: cause.correlationId, causationId: cause.id };
    this.log.warn({ accountId, rule: limit.name, limit: breach.limit, observed: breach.observed, action: limit.action }, breach.reason);
    this.bus.emit(this.events.create('RiskLimitBreached', { rule: limit.name, accountId, limit: breach.limit, observed: breach.observed, action: limit.action, reason: breach.reason }, context));
    this.trading.set(limit.action, {
      by: limit.name, reason: breach.reason, cancelOpenOrders: limit.action === 'HALTED', accountId, ...(cause !== undefined ? { cause } : {}),
    });
  };
}
