import type { AnyEvent, TradeIntent } from '../core/index.js';
import { RiskState } from './RiskState.js';
import type { TradingStatus } from './tradingState.js';

/**
 * Rebuilds the risk engine's state from the event log: a `TradeIntentCreated` is held until its decision
 * arrives; a `RiskApproved` applies it (at the approval's time), a `RiskRejected` drops it; a `BasketApproved`
 * applies every leg; the last `TradingStateChanged` is the trading state (a restart after the kill switch stays
 * HALTED). Feed events in log order, then hand `state` and `tradingStatus` to the RiskEngine. The store keeps
 * one event per idempotency key, so nothing is applied twice.
 */
export class RiskStateFold {
  readonly state: RiskState;
  private status: TradingStatus | undefined;
  private readonly pending = new Map<string, TradeIntent>();

  constructor(state: RiskState = new RiskState()) {
    this.state = state;
  }

  /** The trading state as of the last event applied; undefined when the log never changed it. */
  get tradingStatus(): TradingStatus | undefined {
    return this.status;
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
        this.state.recordApproval(intent, event.ts);
        break;
      }
      case 'RiskRejected':
        this.pending.delete(event.payload.intentId);
        break;
      case 'BasketApproved':
        for (const leg of event.payload.legs) this.state.recordApproval(leg.intent, event.ts);
        break;
      case 'TradingStateChanged':
        this.status = { state: event.payload.to, by: event.payload.by, reason: event.payload.reason, sinceMs: event.ts };
        break;
      default:
        break;
    }
  }
}
