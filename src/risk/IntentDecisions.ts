import { ENDPOINTS, type MessageBus } from '../bus/index.js';
import { FortressError } from '../core/index.js';
import type { ApprovedTrade, ApproveTrade, EventContext, EventEnvelope, EventFactory, IdSource, Logger, RiskRejection, TradeIntent } from '../core/index.js';
import { DecisionMemory } from './DecisionMemory.js';
import type { RiskState } from './RiskState.js';
import type { Rejected } from './RuleRunner.js';

export type RiskDecision =
  | { readonly approved: true; readonly trade: ApprovedTrade; readonly event: EventEnvelope<'RiskApproved'> }
  | { readonly approved: false; readonly rejection: RiskRejection; readonly event: EventEnvelope<'RiskRejected'> };

export interface IntentDecisionsDeps {
  readonly bus: MessageBus;
  readonly ids: IdSource;
  readonly log: Logger;
  readonly events: EventFactory;
  readonly approve: ApproveTrade;
  readonly state: RiskState;
  readonly source: string;
}

/**
 * Turns the outcome of the rules into the one decision event per intent: mints and sends an approved trade
 * (counters first), records a rejection naming rule, limit and observed value, or fails closed on an error.
 * Remembers every decision, so a redelivered intent gets its first decision back and changes nothing.
 */
export class IntentDecisions {
  private readonly memory = new DecisionMemory<RiskDecision>();

  constructor(private readonly deps: IntentDecisionsDeps) {}

  recall(intentId: string): RiskDecision | undefined {
    return this.memory.recall(intentId);
  }

  approve(intent: TradeIntent, quantity: number, resizedBy: string | undefined, nowMs: number): RiskDecision {
    const { deps } = this;
    const decisionId = deps.ids.next();
    let trade: ApprovedTrade;
    try {
      trade = deps.approve(intent, quantity, decisionId);
    } catch (error) {
      return this.failClosed(intent, 'approval', error);
    }
    const payload = resizedBy === undefined ? { intentId: intent.intentId, decisionId, quantity } : { intentId: intent.intentId, decisionId, quantity, resizedBy };
    const event = deps.events.createWith('RiskApproved', payload, intent.instrumentId, intent.correlationId, intent.intentId, `risk:${intent.intentId}`);
    const decision: RiskDecision = { approved: true, trade, event };
    // State first: emitting may run other handlers synchronously that send the next intent here.
    deps.state.recordApproval(intent, nowMs);
    this.memory.remember(intent.intentId, intent.ts, decision);
    deps.bus.emit(event);
    deps.bus.send(ENDPOINTS.executionExecute, trade);
    return decision;
  }

  reject(intent: TradeIntent, rule: string, verdict: Rejected): RiskDecision {
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
    const event = this.deps.events.create('RiskRejected', rejection, contextOf(intent));
    const decision: RiskDecision = { approved: false, rejection, event };
    this.memory.remember(intent.intentId, intent.ts, decision);
    this.deps.log.debug({ intentId: intent.intentId, rule, reason: verdict.reason }, 'intent rejected');
    this.deps.bus.emit(event);
    return decision;
  }

  failClosed(intent: TradeIntent, rule: string, error: unknown): RiskDecision {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof FortressError ? error.code : 'RISK_RULE_FAILED';
    this.deps.log.error({ intentId: intent.intentId, rule, code, err: message }, 'risk rule failed; intent rejected');
    const context = { ...contextOf(intent), idempotencyKey: `risk:${intent.intentId}:error` };
    const payload = { component: this.deps.source, code, message: `rule ${rule} threw: ${message}`, details: { rule, intentId: intent.intentId } };
    this.deps.bus.emit(this.deps.events.create('ErrorRaised', payload, context));
    return this.reject(intent, rule, { ok: false, limit: 'rule must not throw', observed: code, reason: `rule ${rule} failed (${message}); rejected to fail closed` });
  }
}

function contextOf(intent: TradeIntent): EventContext {
  return { key: intent.instrumentId, correlationId: intent.correlationId, causationId: intent.intentId, idempotencyKey: `risk:${intent.intentId}` };
}
