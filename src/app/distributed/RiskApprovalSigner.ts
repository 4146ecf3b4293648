import type { AnyEvent, Logger, TradeIntent } from '../../core/index.js';
import type { ApprovalKey } from './ApprovalKey.js';

/** Intents remembered while their decision is outstanding (the oldest go first beyond this). */
const MAX_OPEN_INTENTS = 100_000;

/**
 * The risk service's side of the approval across processes. It sees every event the service emits, before it is
 * journaled or published: it remembers each TradeIntentCreated and stamps the RiskApproved that follows with
 * the HMAC of the approval and its intent. An approval whose intent it never saw goes out unsigned, so the
 * execution service refuses it (fail closed); that is logged here too.
 */
export class RiskApprovalSigner {
  private readonly intents = new Map<string, TradeIntent>();
  private readonly log: Logger;

  constructor(
    private readonly key: ApprovalKey,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'RiskApprovalSigner' });
  }

  /** The emit hook of the risk service's bridged bus: answers the event to journal and publish. */
  readonly prepare = (event: AnyEvent): AnyEvent => {
    switch (event.type) {
      case 'TradeIntentCreated':
        this.remember(event.payload.intent);
        return event;
      case 'RiskRejected':
        this.intents.delete(event.payload.intentId);
        return event;
      case 'RiskApproved': {
        const { intentId, decisionId, quantity } = event.payload;
        const intent = this.intents.get(intentId);
        if (intent === undefined) {
          this.log.error({ intentId, decisionId }, 'approval of an intent this service did not create: sent unsigned, execution will refuse it');
          return event;
        }
        this.intents.delete(intentId);
        const signature = this.key.sign({ intent, quantity, decisionId });
        return { ...event, payload: { ...event.payload, signature } };
      }
      default:
        return event;
    }
  };

  private remember(intent: TradeIntent): void {
    if (this.intents.size >= MAX_OPEN_INTENTS) {
      const oldest = this.intents.keys().next();
      if (oldest.done !== true) this.intents.delete(oldest.value);
    }
    this.intents.set(intent.intentId, intent);
  }
}
