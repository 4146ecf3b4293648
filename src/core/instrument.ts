import { ValidationError } from './errors.js';
import { decimalsOf } from './fixed.js';

export const ASSET_CLASSES = ['EQUITY', 'FUTURE', 'OPTION', 'FX', 'CRYPTO', 'INDEX'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** What a venue says about a tradable thing. Precisions are derived from tick and lot sizes. */
export interface Instrument {
  /** Unique id, `SYMBOL.EXCHANGE` (e.g. `ORCL.NASDAQ`, `NIFTY24NOVFUT.NFO`). */
  readonly id: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly assetClass: AssetClass;
  readonly currency: string;
  readonly tickSize: number;
  readonly lotSize: number;
  readonly pricePrecision: number;
  readonly quantityPrecision: number;
  /** Contract multiplier (1 for cash equities). */
  readonly multiplier: number;
  /** Largest quantity the exchange accepts in one order (NSE F&O freeze limit); larger orders are sliced. */
  readonly freezeQuantity?: number;
  /** Epoch ms of expiry for derivatives. */
  readonly expiry?: number;
  /** Product types the venue allows (e.g. CNC, MIS, NRML). */
  readonly productTypes?: readonly string[];
}

export interface InstrumentSpec {
  readonly symbol: string;
  readonly exchange: string;
  readonly assetClass?: AssetClass;
  readonly currency?: string;
  readonly tickSize?: number;
  readonly lotSize?: number;
  readonly multiplier?: number;
  readonly freezeQuantity?: number;
  readonly expiry?: number;
  readonly productTypes?: readonly string[];
}

export function instrumentId(symbol: string, exchange: string): string {
  return `${symbol}.${exchange}`;
}

/** Build an instrument, deriving precisions and refusing impossible sizes with a message naming the field. */
export function createInstrument(spec: InstrumentSpec): Instrument {
  const tickSize = spec.tickSize ?? 0.01;
  const lotSize = spec.lotSize ?? 1;
  const multiplier = spec.multiplier ?? 1;
  if (!spec.symbol) throw new ValidationError('instrument symbol must not be empty');
  if (!spec.exchange) throw new ValidationError(`instrument ${spec.symbol}: exchange must not be empty`);
  if (!(tickSize > 0)) throw new ValidationError(`instrument ${spec.symbol}: tickSize must be > 0, got ${tickSize}`);
  if (!(lotSize > 0)) throw new ValidationError(`instrument ${spec.symbol}: lotSize must be > 0, got ${lotSize}`);
  if (!(multiplier > 0)) throw new ValidationError(`instrument ${spec.symbol}: multiplier must be > 0, got ${multiplier}`);
  if (spec.freezeQuantity !== undefined && !(spec.freezeQuantity >= lotSize)) {
    throw new ValidationError(`instrument ${spec.symbol}: freezeQuantity ${spec.freezeQuantity} must be at least lotSize ${lotSize}`);
  }
  const base = {
    id: instrumentId(spec.symbol, spec.exchange),
    symbol: spec.symbol,
    exchange: spec.exchange,
    assetClass: spec.assetClass ?? 'EQUITY',
    currency: spec.currency ?? 'USD',
    tickSize,
    lotSize,
    pricePrecision: decimalsOf(tickSize),
    quantityPrecision: decimalsOf(lotSize),
    multiplier,
  };
  return {
    ...base,
    ...(spec.freezeQuantity !== undefined ? { freezeQuantity: spec.freezeQuantity } : {}),
    ...(spec.expiry !== undefined ? { expiry: spec.expiry } : {}),
    ...(spec.productTypes !== undefined ? { productTypes: spec.productTypes } : {}),
  };
}

