import type { Instrument, InstrumentProvider } from '../core/index.js';

export type SymbolResolution = { readonly instrumentId: string } | { readonly problem: string };

/** Maps a symbol as an external source writes it to a configured instrument id, or says why it cannot. */
export type SymbolResolver = (symbol: string) => SymbolResolution;

const LISTED_MAX = 10;
/** Resolutions remembered per written symbol (a file repeats a few symbols a million times). */
const MEMO_MAX = 4096;

/**
 * The default resolver: `SYMBOL.EXCHANGE` (an instrument id) resolves directly; TradingView's
 * `EXCHANGE:SYMBOL` is read as `SYMBOL.EXCHANGE`; a bare `SYMBOL` resolves when exactly one configured
 * instrument has that symbol (case-insensitive when no exact match). The index is rebuilt when the
 * provider's list changes (and with it the memo of earlier answers).
 */
export function createSymbolResolver(instruments: InstrumentProvider): SymbolResolver {
  let indexedList: readonly Instrument[] | undefined;
  let bySymbol = new Map<string, Instrument[]>();
  let byUpperId = new Map<string, Instrument>();
  const memo = new Map<string, SymbolResolution>();

  const index = (): void => {
    const all = instruments.all();
    if (all === indexedList) return;
    indexedList = all;
    bySymbol = new Map();
    byUpperId = new Map();
    memo.clear();
    for (const instrument of all) {
      for (const key of new Set([instrument.symbol, instrument.symbol.toUpperCase()])) {
        const list = bySymbol.get(key);
        if (list === undefined) bySymbol.set(key, [instrument]);
        else list.push(instrument);
      }
      byUpperId.set(instrument.id.toUpperCase(), instrument);
    }
  };

  const resolve = (written: string): SymbolResolution => {
    const symbol = written.trim();
    const direct = instruments.get(symbol);
    if (direct !== undefined) return { instrumentId: direct.id };
    const colon = symbol.indexOf(':');
    if (colon > 0) {
      const asId = `${symbol.slice(colon + 1)}.${symbol.slice(0, colon)}`.toUpperCase();
      const found = byUpperId.get(asId);
      if (found !== undefined) return { instrumentId: found.id };
    }
    const bare = colon > 0 ? symbol.slice(colon + 1) : symbol;
    const matches = bySymbol.get(bare) ?? bySymbol.get(bare.toUpperCase()) ?? [];
    if (matches.length === 1) return { instrumentId: matches[0]!.id };
    if (matches.length > 1) {
      return { problem: `symbol "${written}" is ambiguous: ${matches.map((i) => i.id).join(', ')} (write SYMBOL.EXCHANGE)` };
    }
    const byId = byUpperId.get(symbol.toUpperCase());
    if (byId !== undefined) return { instrumentId: byId.id };
    const known = indexedList ?? [];
    const listed = known.slice(0, LISTED_MAX).map((i) => i.id).join(', ');
    const more = known.length > LISTED_MAX ? `, … ${known.length - LISTED_MAX} more` : '';
    return { problem: `unknown symbol "${written}" (configured instruments: ${listed || 'none'}${more})` };
  };

  return (written) => {
    index();
    let found = memo.get(written);
    if (found === undefined) {
      found = resolve(written);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(written, found);
    }
    return found;
  };
}
