import type { TradeIntent } from '../intent.js';
import type { Signal, SignalOrigin } from '../signal.js';

/** Signals and what the decision engine makes of them. */
export interface SignalEventPayloads {
  SignalGenerated: { readonly signal: Signal };
  SignalReceived: { readonly signal: Signal };
  SignalIgnored: { readonly signalId: string; readonly strategyId: string; readonly instrumentId: string; readonly reason: string };
  TradeIntentCreated: { readonly intent: TradeIntent };
  /** An external signal (file row, webhook) not taken: it did not parse, or names an unknown/inactive strategy or unknown symbol. `raw` is the source text (secrets removed). */
  SignalRefused: { readonly origin: SignalOrigin; readonly sourceRef: string; readonly line?: number; readonly reason: string; readonly raw: string };
}

export const SIGNAL_EVENT_VERSIONS: Readonly<Record<keyof SignalEventPayloads, number>> = {
  SignalGenerated: 1,
  SignalReceived: 1,
  SignalIgnored: 1,
  TradeIntentCreated: 1,
  SignalRefused: 1,
};
