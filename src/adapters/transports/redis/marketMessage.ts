import type { AnyEvent, Bar, Tick } from '../../../core/index.js';

/**
 * Market data between processes: a bar or a tick in a small envelope-like wrapper. `key` is the instrument
 * (the partition key), `idempotencyKey` lets a consumer drop a redelivery exactly as it does for events.
 */
export type MarketMessage =
  | { readonly kind: 'bar'; readonly key: string; readonly idempotencyKey: string; readonly bar: Bar }
  | { readonly kind: 'tick'; readonly key: string; readonly idempotencyKey: string; readonly tick: Tick };

/** What travels on the streams: an event envelope or a market message. */
export type TransportMessage = AnyEvent | MarketMessage;

export function isMarketMessage(message: TransportMessage): message is MarketMessage {
  return (message as Partial<MarketMessage>).kind !== undefined;
}

/** A bar is unique by instrument, timeframe and open time, so a re-published bar is recognised. */
export function barMessage(bar: Bar): MarketMessage {
  return { kind: 'bar', key: bar.instrumentId, idempotencyKey: `bar:${bar.instrumentId}:${bar.timeframe}:${bar.ts}`, bar };
}

/**
 * Ticks can share a timestamp, so `sequence` tells them apart: the tick's position among the instrument's
 * ticks with the same `ts` (0 for the first), which a replay of the same input reproduces.
 */
export function tickMessage(tick: Tick, sequence: number): MarketMessage {
  return { kind: 'tick', key: tick.instrumentId, idempotencyKey: `tick:${tick.instrumentId}:${tick.ts}:${sequence}`, tick };
}
