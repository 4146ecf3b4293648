import type { TradeIntent } from '../intent.js';
import type { Signal } from '../signal.js';

/** Signals and what the decision engine makes of them. */
export interface SignalEventPayloads {
  SignalGenerated: { readonly signal: Signal };
  SignalReceived: { readonly signal: Signal };
  SignalIgnored: { readonly signalId: string; readonly strategyId: string; readonly instrumentId: string; readonly reason: string };
  TradeIntentCreated: { readonly intent: TradeIntent };
}

export const SIGNAL_EVENT_VERSIONS: Readonly<Record<keyof SignalEventPayloads, number>> = {
  SignalGenerated: 1,
  SignalReceived: 1,
  SignalIgnored: 1,
  TradeIntentCreated: 1,
};
