import { ENDPOINTS, type MessageBus } from '../../bus/index.js';
import { createEventFactory, FortressError } from '../../core/index.js';
import type { ApproveTrade, Clock, EventEnvelope, EventFactory, IdSource, Logger, TradeIntent } from '../../core/index.js';
import type { ApprovalKey } from './ApprovalKey.js';

export const REMOTE_APPROVAL_GATE = 'RemoteApprovalGate';
/** Intents and approvals kept while waiting for their counterpart (the oldest go first beyond this). */
const MAX_WAITING = 100_000;

export interface RemoteApprovalGateOptions {
  readonly bus: MessageBus;
  readonly key: ApprovalKey;
  /** The execution service's own authority: only this gate holds `approve` there. */
  readonly approve: ApproveTrade;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
}

/**
 * The execution service's door for approvals made in another process. A RiskApproved is acted on only when
 * its signature verifies against the TradeIntentCreated it names (the two travel on different streams, so
 * whichever arrives first waits for the other): then the local authority mints the ApprovedTrade and sends it
 * to ExecutionEngine.execute, exactly as the risk engine does in one process. A missing or wrong signature, or
 * a quantity the intent does not allow, is refused with an ErrorRaised event and an error log line — never executed.
 */
export class RemoteApprovalGate {
  private readonly intents = new Map<string, TradeIntent>();
  private readonly waiting = new Map<string, EventEnvelope<'RiskApproved'>>();
  private readonly events: EventFactory;
  private readonly log: Logger;
  refused = 0;
  passed = 0;

  constructor(private readonly options: RemoteApprovalGateOptions) {
    this.events = createEventFactory(REMOTE_APPROVAL_GATE, options.clock, options.ids);
    this.log = options.logger.child({ component: REMOTE_APPROVAL_GATE });
  }

  start(): void {
    const { bus } = this.options;
    bus.subscribe('TradeIntentCreated', (event) => this.onIntent(event.payload.intent));
    bus.subscribe('RiskApproved', (event) => this.onApproved(event));
    bus.subscribe('RiskRejected', (event) => this.intents.delete(event.payload.intentId));
  }

  private onIntent(intent: TradeIntent): void {
    const approval = this.waiting.get(intent.intentId);
    if (approval === undefined) {
      bounded(this.intents);
      this.intents.set(intent.intentId, intent);
      return;
    }
    this.waiting.delete(intent.intentId);
    this.decide(approval, intent);
  }

  private onApproved(approval: EventEnvelope<'RiskApproved'>): void {
    const intent = this.intents.get(approval.payload.intentId);
    if (intent === undefined) {
      bounded(this.waiting);
      this.waiting.set(approval.payload.intentId, approval);
      return;
    }
    this.intents.delete(approval.payload.intentId);
    this.decide(approval, intent);
  }

  private decide(approval: EventEnvelope<'RiskApproved'>, intent: TradeIntent): void {
    const { decisionId, quantity, signature } = approval.payload;
    if (signature === undefined) return this.refuse(approval, 'APPROVAL_SIGNATURE_MISSING', 'approval carries no signature');
    if (!this.options.key.verify({ intent, quantity, decisionId }, signature)) {
      return this.refuse(approval, 'APPROVAL_SIGNATURE_INVALID', 'approval signature does not match the approval and its intent');
    }
    let trade;
    try {
      trade = this.options.approve(intent, quantity, decisionId);
    } catch (error) {
      return this.refuse(approval, error instanceof FortressError ? error.code : 'APPROVAL_REFUSED', error instanceof Error ? error.message : String(error));
    }
    this.passed++;
    this.options.bus.send(ENDPOINTS.executionExecute, trade);
  }

  private refuse(approval: EventEnvelope<'RiskApproved'>, code: string, reason: string): void {
    this.refused++;
    const { intentId, decisionId } = approval.payload;
    const message = `refused approval of intent ${intentId}: ${reason}; nothing was executed`;
    this.log.error({ intentId, decisionId, code, correlationId: approval.correlationId }, message);
    const payload = { component: REMOTE_APPROVAL_GATE, code, message, details: { intentId, decisionId } };
    const context = { key: approval.key, correlationId: approval.correlationId, causationId: approval.id, idempotencyKey: `gate:${intentId}:${decisionId}:refused` };
    this.options.bus.emit(this.events.create('ErrorRaised', payload, context));
  }
}

function bounded<V>(map: Map<string, V>): void {
  if (map.size < MAX_WAITING) return;
  const oldest = map.keys().next();
  if (oldest.done !== true) map.delete(oldest.value);
}
