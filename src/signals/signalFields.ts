import { SIGNAL_ACTIONS, TIMEFRAMES, parseTimeframe, type SignalAction, type Timeframe } from '../core/index.js';

/** A plain decimal: no hex, no `Infinity`, no empty string (which `Number()` would all accept). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isDecimalText(text: string): boolean {
  return DECIMAL.test(text);
}

/** BUY/SELL/SHORT/COVER in any case, or undefined. */
export function signalActionOf(text: string): SignalAction | undefined {
  switch (text) {
    case 'BUY':
    case 'SELL':
    case 'SHORT':
    case 'COVER':
      return text;
  }
  const upper = text.trim().toUpperCase();
  return (SIGNAL_ACTIONS as readonly string[]).includes(upper) ? (upper as SignalAction) : undefined;
}

export function badActionReason(text: string): string {
  return `bad action "${text}" (allowed: ${SIGNAL_ACTIONS.join(', ')}, any case)`;
}

/** A quantity must be a decimal > 0; returns the number or the reason it is not one. */
export function quantityOf(text: string): number | string {
  if (!DECIMAL.test(text)) return `quantity must be a number, got "${text}"`;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) return `quantity must be > 0, got ${text}`;
  return value;
}

/** A price is a decimal ≥ 0; 0 or empty means "no price" (at market). Returns undefined for none, or the reason. */
export function priceOf(text: string): number | undefined | string {
  if (text === '') return undefined;
  if (!DECIMAL.test(text)) return `bad price "${text}" (a number ≥ 0, or empty for none)`;
  const value = Number(text);
  if (!(value >= 0) || !Number.isFinite(value)) return `bad price ${text} (must be ≥ 0)`;
  return value === 0 ? undefined : value;
}

/**
 * Core's timeframe names and aliases (`15min`, `1h`, `D`…) plus TradingView's `{{interval}}` values: bare
 * minutes (`15`, `60`, `240`) and `1D`. Returns the timeframe or the reason it is unknown.
 */
export function timeframeOf(text: string): Timeframe | string {
  const trimmed = text.trim();
  const minutes = /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
  const candidate = minutes === undefined ? trimmed : minutes === 1440 ? '1d' : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
  try {
    return parseTimeframe(candidate);
  } catch {
    return `unknown timeframe "${text}" (allowed: ${TIMEFRAMES.join(', ')}, or aliases such as 15min, 60, 1D)`;
  }
}
