import type { InstrumentProvider } from '../core/index.js';
import type { ExchangeCalendar } from '../data/index.js';

/**
 * When a DAY order placed at `tsMs` expires: the close of the session trading then, or of the next one
 * (an order placed before the open or after the close belongs to the next session).
 */
export function sessionCloseOf(calendar: ExchangeCalendar, instruments: InstrumentProvider): (instrumentId: string, tsMs: number) => number | undefined {
  return (instrumentId, tsMs) => {
    const exchange = instruments.get(instrumentId)?.exchange;
    if (exchange === undefined) return undefined;
    const today = calendar.sessionFor(exchange, tsMs);
    if (today !== undefined && tsMs < today.closeMs) return today.closeMs;
    const nextOpen = calendar.nextOpen(exchange, tsMs + 1);
    return nextOpen === undefined ? undefined : calendar.sessionFor(exchange, nextOpen)?.closeMs;
  };
}
