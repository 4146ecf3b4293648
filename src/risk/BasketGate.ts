import { ENDPOINTS, type MessageBus } from '../bus/index.js';
import { FortressError } from '../core/index.js';
import type {
  ApproveBasket, ApprovedBasket, ApprovedTrade, ApproveTrade, BasketIntent, Clock, EventContext, EventEnvelope, EventFactory, IdSource, Logger, TradeIntent,
} from '../core/index.js';
import { DecisionMemory } from './DecisionMemory.js';
import type { RiskState } from './RiskState.js';
import type { RuleRunner } from './RuleRunner.js';

export type BasketDecision =
  | { readonly approved: true; readonly basket: ApprovedBasket; readonly event: EventEnvelope<'BasketApproved'> }
  | { readonly approved: false; readonly event: EventEnvelope<'BasketRejected'> };

export interface BasketGateDeps {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly log: Logger;
  readonly events: EventFactory;
  readonly runner: RuleRunner;
  readonly state: RiskState;
  readonly approve: ApproveTrade;
  readonly approveBasket: ApproveBasket | undefined;
}

interface LegFailure {
  readonly legIndex: number;
  readonly rule: string;
  readonly limit: number | string;
  readonly observed: number | string;
  readonly reason: string;
}

/**
 * All or nothing: every leg runs through the gate and the rules against a copy of the counters in which the
 * earlier legs are already approved (and with the earlier legs counted as open orders), so a basket can never
 * pass where its legs sent one by one would not. A leg a rule would resize fails the basket: its legs belong
 * together. Only if every leg passes are the trades and the basket minted, the counters moved, and the basket
 * sent to execution.
 */
export class BasketGate {
  private readonly decisions = new DecisionMemory<BasketDecision>();

  constructor(private readonly deps: BasketGateDeps) {}

  evaluate(basket: BasketIntent): BasketDecision {
    const earlier = this.decisions.recall(basket.basketId);
    if (earlier !== undefined) return earlier;
    const failure = this.check(basket);
    if (failure !== undefined) return this.reject(basket, failure);
    const { deps } = this;
    const decisionId = deps.ids.next();
    let trades: ApprovedTrade[];
    let approved: ApprovedBasket;
    try {
      if (deps.approveBasket === undefined) throw new FortressError('NO_BASKET_AUTHORITY', 'the risk engine was given no approveBasket; baskets cannot be approved');
      trades = basket.legs.map((leg) => deps.approve(leg, leg.quantity, deps.ids.next()));
      approved = deps.approveBasket(basket, trades, decisionId);
    } catch (error) {
      return this.failClosed(basket, 0, 'approval', error);
    }
    const nowMs = deps.clock.nowMs();
    for (const leg of basket.legs) deps.state.recordApproval(leg, nowMs);
    const legs = trades.map((trade) => ({ intent: trade.intent, quantity: trade.quantity, decisionId: trade.decisionId }));
    const event = deps.events.create('BasketApproved', { basketId: basket.basketId, accountId: basket.accountId, decisionId, legs }, contextOf(basket));
    const decision: BasketDecision = { approved: true, basket: approved, event };
    this.decisions.remember(basket.basketId, basket.ts, decision);
    deps.bus.emit(event);
    deps.bus.send(ENDPOINTS.executionExecuteBasket, approved);
    return decision;
  }

  private check(basket: BasketIntent): LegFailure | undefined {
    const { runner, state, clock } = this.deps;
    if (basket.legs.length === 0) return { legIndex: -1, rule: 'basket', limit: 'at least one leg', observed: 0, reason: `basket ${basket.basketId} has no legs` };
    const trial = state.clone();
    const pending: TradeIntent[] = [];
    const nowMs = clock.nowMs();
    for (let i = 0; i < basket.legs.length; i++) {
      const leg = basket.legs[i]!;
      if (leg.accountId !== basket.accountId) {
        return { legIndex: i, rule: 'basket', limit: basket.accountId, observed: leg.accountId, reason: `leg ${i} (${leg.intentId}) is for account ${leg.accountId}, the basket for ${basket.accountId}` };
      }
      const outcome = runner.run(leg, nowMs, trial, pending);
      if (outcome.kind === 'threw') return this.thrown(basket, i, outcome.rule, outcome.error);
      if (outcome.kind === 'rejected') {
        const v = outcome.verdict!;
        return { legIndex: i, rule: outcome.rule, limit: v.limit, observed: v.observed, reason: `leg ${i} (${leg.intentId}): ${v.reason}` };
      }
      if (outcome.quantity !== leg.quantity) {
        const reason = `leg ${i} (${leg.intentId}): ${outcome.resizedBy} would resize ${leg.quantity} to ${outcome.quantity}; basket legs are not resized`;
        return { legIndex: i, rule: outcome.resizedBy ?? 'resize', limit: outcome.quantity, observed: leg.quantity, reason };
      }
      trial.recordApproval(leg, nowMs);
      pending.push(leg);
    }
    return undefined;
  }

  private thrown(basket: BasketIntent, legIndex: number, rule: string, error: unknown): LegFailure {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof FortressError ? error.code : 'RISK_RULE_FAILED';
    this.deps.log.error({ basketId: basket.basketId, legIndex, rule, code, err: message }, 'risk rule failed on a basket leg; basket rejected');
    this.deps.bus.emit(
      this.deps.events.create(
        'ErrorRaised',
        { component: 'risk', code, message: `rule ${rule} threw: ${message}`, details: { rule, basketId: basket.basketId, legIndex } },
        { ...contextOf(basket), idempotencyKey: `risk:basket:${basket.basketId}:error` },
      ),
    );
    return { legIndex, rule, limit: 'rule must not throw', observed: code, reason: `leg ${legIndex}: rule ${rule} failed (${message}); rejected to fail closed` };
  }

  private failClosed(basket: BasketIntent, legIndex: number, rule: string, error: unknown): BasketDecision {
    return this.reject(basket, this.thrown(basket, legIndex, rule, error));
  }

  private reject(basket: BasketIntent, failure: LegFailure): BasketDecision {
    const intentId = basket.legs[failure.legIndex]?.intentId ?? '';
    const payload = { basketId: basket.basketId, accountId: basket.accountId, intentId, ...failure, basket };
    const event = this.deps.events.create('BasketRejected', payload, contextOf(basket));
    const decision: BasketDecision = { approved: false, event };
    this.decisions.remember(basket.basketId, basket.ts, decision);
    this.deps.log.info({ basketId: basket.basketId, legIndex: failure.legIndex, rule: failure.rule }, failure.reason);
    this.deps.bus.emit(event);
    return decision;
  }
}

function contextOf(basket: BasketIntent): EventContext {
  return { key: basket.accountId, correlationId: basket.correlationId, idempotencyKey: `risk:basket:${basket.basketId}` };
}
