import { ACCOUNT_BOOK, type Clock, type EventFactory, type IdSource, type PortfolioView, type Signal, type Timeframe } from '../core/index.js';
import type { MessageBus } from '../bus/index.js';

export interface ClosePositionsRequest {
  readonly accountId: string;
  /** Only this instrument (close-position); every instrument when absent (close-all). */
  readonly instrumentId?: string;
  /** Only this strategy's book. */
  readonly strategyId?: string;
  /** Who asked (recorded on every signal). */
  readonly by: string;
  readonly reason: string;
}

/**
 * Close-position and close-all: one `SignalReceived` (origin `manual`, SELL for a long, COVER for a short)
 * per open strategy book. They take the same road as every other signal — sizing (the whole book),
 * risk (reduce-only, so REDUCING lets them through and HALTED stops them), execution (sliced by freeze
 * quantity under the rate limit) — so nothing about closing bypasses the gate or the slicer.
 */
export function closePositions(
  request: ClosePositionsRequest,
  deps: { readonly bus: MessageBus; readonly clock: Clock; readonly ids: IdSource; readonly portfolio: PortfolioView; readonly events: EventFactory },
): number {
  let signals = 0;
  for (const book of deps.portfolio.positions(request.accountId)) {
    if (book.strategyId === ACCOUNT_BOOK || book.quantity === 0) continue;
    if (request.instrumentId !== undefined && book.instrumentId !== request.instrumentId) continue;
    if (request.strategyId !== undefined && book.strategyId !== request.strategyId) continue;
    const signalId = deps.ids.next();
    const timeframe: Timeframe = '1m';
    const signal: Signal = {
      signalId, strategyId: book.strategyId, instrumentId: book.instrumentId, action: book.quantity > 0 ? 'SELL' : 'COVER',
      confidence: 1, reason: `${request.instrumentId === undefined ? 'close-all' : 'close-position'} by ${request.by}: ${request.reason}`,
      timeframe, ts: deps.clock.nowMs(), origin: 'manual',
    };
    deps.bus.emit(deps.events.create('SignalReceived', { signal }, { key: book.instrumentId, correlationId: signalId, idempotencyKey: `signal:${signalId}` }));
    signals++;
  }
  return signals;
}
