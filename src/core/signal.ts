import type { Timeframe } from './market.js';

/**
 * What a signal asks for, in AmiBroker's vocabulary: BUY opens or adds to a long, SELL closes a long,
 * SHORT opens or adds to a short, COVER closes a short.
 */
export const SIGNAL_ACTIONS = ['BUY', 'SELL', 'SHORT', 'COVER'] as const;
export type SignalAction = (typeof SIGNAL_ACTIONS)[number];

export const SIGNAL_ORIGINS = ['strategy', 'amibroker', 'webhook', 'advisor', 'manual'] as const;
export type SignalOrigin = (typeof SIGNAL_ORIGINS)[number];

export interface Signal {
  readonly signalId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly action: SignalAction;
  /** 0..1: how sure the producer is; risk rejects below the configured minimum. */
  readonly confidence: number;
  /** Optional signed strength (e.g. distance between averages); informational. */
  readonly strength?: number;
  readonly reason: string;
  readonly timeframe: Timeframe;
  /** Event time the signal refers to (epoch ms). */
  readonly ts: number;
  readonly origin: SignalOrigin;
  /** Quantity requested by an external signal; strategies leave sizing to the decision engine. */
  readonly quantity?: number;
  /** Reference/limit price carried by an external signal. */
  readonly price?: number;
}
