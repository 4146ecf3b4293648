import type { AnyEvent, TradeIntent } from '../core/index.js';
import { RiskState } from './RiskState.js';

/**
 * Rebuilds a RiskState from the event log: a `TradeIntentCreated` is held until its decision arrives;
 * a `RiskApproved` applies it, a `RiskRejected` drops it. Feed events in log order, then hand `state`
 * to the RiskEngine. The store keeps one event per idempotency key, so nothing is applied twice.
 */
export class RiskStateFold {
  readonly state: RiskState;
  private readonly pending = new Map<string, TradeIntent>();

  constructor(state: RiskState = new RiskState()) {
    this.state = state;
  }

  apply(event: AnyEvent): void {
    switch (event.type) {
      case 'TradeIntentCreated':
        this.pending.set(event.payload.intent.intentId, event.payload.intent);
        break;
      case 'RiskApproved': {
        const intent = this.pending.get(event.payload.intentId);
        if (intent === undefined) break;
        this.pending.delete(event.payload.intentId);
        this.state.recordApproval(intent);
        break;
      }
      case 'RiskRejected':
        this.pending.delete(event.payload.intentId);
        break;
      default:
        break;
    }
  }
}
