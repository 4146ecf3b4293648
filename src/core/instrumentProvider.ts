import { ValidationError } from './errors.js';
import type { Instrument } from './instrument.js';
import type { InstrumentProvider } from './ports.js';

/** An InstrumentProvider over a fixed list (backtests, tests, the embedded node's configured instruments). */
export function createInstrumentProvider(instruments: readonly Instrument[]): InstrumentProvider {
  const byId = new Map<string, Instrument>();
  for (const instrument of instruments) {
    if (byId.has(instrument.id)) throw new ValidationError(`instrument ${instrument.id} is listed twice`);
    byId.set(instrument.id, instrument);
  }
  const all = [...byId.values()];
  return { get: (id) => byId.get(id), all: () => all };
}
