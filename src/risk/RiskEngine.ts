import { ENDPOINTS, type MessageBus } from '../bus/index.js';
import { createEventFactory, FortressError, InvariantError } from '../core/index.js';
import type {
  ApprovedTrade, ApproveTrade, Clock, EventContext, EventEnvelope, EventFactory, IdSource, InstrumentProvider, Logger, OrderView,
  PortfolioView, RiskRejection, SessionCalendar, TradeIntent,
} from '../core/index.js';
import { buildRules } from './buildRules.js';
import { DecisionMemory } from './DecisionMemory.js';
import type { RiskConfig } from './riskConfig.js';
import type { RiskRule, RuleContext, RuleVerdict } from './RiskRule.js';
import { RiskState } from './RiskState.js';
import { createTradingStateRule, type TradingState, type TradingStatus } from './tradingState.js';

export const RISK_SOURCE = 'risk';

export interface RiskEngineOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  /** From the approval authority; only this engine holds it. */
  readonly approve: ApproveTrade;
  readonly portfolio: PortfolioView;
  readonly orders: OrderView;
  readonly instruments: InstrumentProvider;
  readonly calendar: SessionCalendar;
  readonly config: RiskConfig;
  /** Counters rebuilt from the log (RiskStateFold); a fresh state by default. */
  readonly state?: RiskState;
  /** The rules to run, in order; by default the enabled rules of `config`. */
  readonly rules?: readonly RiskRule[];
}

export type RiskDecision =
  | { readonly approved: true; readonly trade: ApprovedTrade; readonly event: EventEnvelope<'RiskApproved'> }
  | { readonly approved: false; readonly rejection: RiskRejection; readonly event: EventEnvelope<'RiskRejected'> };

type Rejected = Extract<RuleVerdict, { ok: false }>;
type MutableContext = { -readonly [K in keyof RuleContext]: RuleContext[K] };

/**
 * The only way to an ApprovedTrade. Each TradeIntent runs through the trading-state gate and then the
 * rules in order; the first that fails decides (RiskRejected). If all pass, the trade is minted, the
 * counters move, RiskApproved is emitted and the trade is sent to execution. A rule that throws fails
 * closed: the intent is rejected under that rule's name and an ErrorRaised is emitted.
 */
export class RiskEngine {
  readonly state: RiskState;
  private readonly bus: MessageBus;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly log: Logger;
  private readonly approveTrade: ApproveTrade;
  private readonly events: EventFactory;
  private readonly rules: readonly RiskRule[];
  private readonly ctx: MutableContext;
  private readonly trading: { status: TradingStatus };
  private readonly decisions = new DecisionMemory<RiskDecision>();
  private started = false;

  constructor(options: RiskEngineOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.ids = options.ids;
    this.log = options.logger.child({ component: RISK_SOURCE });
    this.approveTrade = options.approve;
    this.events = createEventFactory(RISK_SOURCE, options.clock, options.ids);
    this.state = options.state ?? new RiskState();
    this.trading = { status: { state: 'ACTIVE', by: 'startup', reason: 'default', sinceMs: options.clock.nowMs() } };
    this.rules = [createTradingStateRule(this.trading), ...(options.rules ?? buildRules(options.config))];
    this.ctx = {
      accountId: '',
      portfolio: options.portfolio,
      orders: options.orders,
      instruments: options.instruments,
      calendar: options.calendar,
      state: this.state,
    };
  }

  /** Register the `RiskEngine.evaluate` endpoint. */
  start(): void {
    if (this.started) return;
    this.bus.register(ENDPOINTS.riskEvaluate, this.onIntent);
    this.started = true;
  }

  get tradingStatus(): TradingStatus {
    return this.trading.status;
  }

  setTradingState(state: TradingState, by: string, reason: string): void {
    const from = this.trading.status.state;
    this.trading.status = { state, by, reason, sinceMs: this.clock.nowMs() };
    this.log.warn({ from, to: state, by, reason }, 'trading state changed');
  }

  /** Decide one intent: emits exactly one RiskApproved or RiskRejected (and sends an approved trade on). */
  evaluate(intent: TradeIntent): RiskDecision {
    const earlier = this.decisions.recall(intent.intentId);
    if (earlier !== undefined) return earlier; // a redelivery: the first decision stands, nothing changes
    const ctx = this.ctx;
    ctx.accountId = intent.accountId;
    let checked = intent;
    let quantity = intent.quantity;
    let resizedBy: string | undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      let verdict: RuleVerdict;
      try {
        verdict = rule.check(checked, ctx);
      } catch (error) {
        return this.failClosed(intent, rule.name, error);
      }
      if (!verdict.ok) return this.reject(intent, rule.name, verdict);
      if (verdict.quantity !== undefined && verdict.quantity !== quantity) {
        if (!(verdict.quantity > 0 && verdict.quantity < quantity)) {
          return this.failClosed(intent, rule.name, new InvariantError(`rule resized quantity to ${verdict.quantity}, allowed (0, ${quantity})`));
        }
        quantity = verdict.quantity;
        checked = { ...checked, quantity }; // later rules judge the resized trade (rare path)
        resizedBy = resizedBy === undefined ? rule.name : `${resizedBy},${rule.name}`;
      }
    }
    return this.approve(intent, quantity, resizedBy);
  }

  private readonly onIntent = (intent: TradeIntent): void => {
    this.evaluate(intent);
  };

  private approve(intent: TradeIntent, quantity: number, resizedBy: string | undefined): RiskDecision {
    const decisionId = this.ids.next();
    let trade: ApprovedTrade;
    try {
      trade = this.approveTrade(intent, quantity, decisionId);
    } catch (error) {
      return this.failClosed(intent, 'approval', error);
    }
    const payload = resizedBy === undefined ? { intentId: intent.intentId, decisionId, quantity } : { intentId: intent.intentId, decisionId, quantity, resizedBy };
    const event = this.events.create('RiskApproved', payload, this.contextOf(intent));
    const decision: RiskDecision = { approved: true, trade, event };
    // State first: emitting may run other handlers synchronously that send the next intent here.
    this.state.recordApproval(intent);
    this.decisions.remember(intent.intentId, intent.ts, decision);
    this.bus.emit(event);
    this.bus.send(ENDPOINTS.executionExecute, trade);
    return decision;
  }

  private reject(intent: TradeIntent, rule: string, verdict: Rejected): RiskDecision {
    const rejection: RiskRejection = {
      intentId: intent.intentId,
      signalId: intent.signalId,
      strategyId: intent.strategyId,
      instrumentId: intent.instrumentId,
      rule,
      limit: verdict.limit,
      observed: verdict.observed,
      reason: verdict.reason,
    };
    const event = this.events.create('RiskRejected', rejection, this.contextOf(intent));
    const decision: RiskDecision = { approved: false, rejection, event };
    this.decisions.remember(intent.intentId, intent.ts, decision);
    this.log.debug({ intentId: intent.intentId, rule, reason: verdict.reason }, 'intent rejected');
    this.bus.emit(event);
    return decision;
  }

  private failClosed(intent: TradeIntent, rule: string, error: unknown): RiskDecision {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof FortressError ? error.code : 'RISK_RULE_FAILED';
    this.log.error({ intentId: intent.intentId, rule, code, err: message }, 'risk rule failed; intent rejected');
    const context = { ...this.contextOf(intent), idempotencyKey: `risk:${intent.intentId}:error` };
    this.bus.emit(
      this.events.create('ErrorRaised', { component: RISK_SOURCE, code, message: `rule ${rule} threw: ${message}`, details: { rule, intentId: intent.intentId } }, context),
    );
    return this.reject(intent, rule, { ok: false, limit: 'rule must not throw', observed: code, reason: `rule ${rule} failed (${message}); rejected to fail closed` });
  }

  private contextOf(intent: TradeIntent): EventContext {
    return {
      key: intent.instrumentId,
      correlationId: intent.correlationId,
      causationId: intent.intentId,
      idempotencyKey: `risk:${intent.intentId}`,
    };
  }
}
