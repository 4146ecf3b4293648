import { z } from 'zod';
import { ValidationError, type Instrument } from '../core/index.js';

export const SIZING_MODES = ['fixed-quantity', 'fixed-notional', 'pct-equity', 'atr-risk'] as const;
export type SizingMode = (typeof SIZING_MODES)[number];

const positive = z.number().positive();

/** How the decision engine sizes a new entry (an external signal's own quantity always wins). */
export const sizingConfigSchema = z.discriminatedUnion('mode', [
  /** The same quantity every time. */
  z.object({ mode: z.literal('fixed-quantity'), quantity: positive }).strict(),
  /** As many lots as fit in `notional` currency units of the instrument's currency at the current price. */
  z.object({ mode: z.literal('fixed-notional'), notional: positive }).strict(),
  /** As many lots as fit in `pctOfEquity`% of the account's equity. */
  z.object({ mode: z.literal('pct-equity'), pctOfEquity: positive.max(1_000) }).strict(),
  /**
   * Volatility sizing: risk `riskPctOfEquity`% of equity per trade with the stop `atrMultiple` × ATR(`atrPeriod`)
   * away, ATR over the signal's timeframe; quantity = budget ÷ (stop distance × multiplier), in whole lots.
   */
  z.object({ mode: z.literal('atr-risk'), riskPctOfEquity: positive.max(100), atrPeriod: z.number().int().min(1).default(14), atrMultiple: positive.default(2) }).strict(),
]);
export type SizingConfig = z.input<typeof sizingConfigSchema>;
export type ResolvedSizingConfig = z.output<typeof sizingConfigSchema>;

/** Validate a sizing configuration; the message names the key. */
export function parseSizingConfig(raw: unknown): ResolvedSizingConfig {
  const result = sizingConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${['sizing', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new ValidationError(`invalid sizing configuration: ${problems.join('; ')}`, { problems });
}

/** What sizing may need besides the configuration; the engine fills in only what the mode reads. */
export interface SizingInput {
  readonly instrument: Instrument;
  /** Quantity asked for by an external signal: it wins over the configured sizing. */
  readonly requested: number | undefined;
  /** Reference price (the signal's, else the last trade). */
  readonly price: number | undefined;
  readonly equityMinor: number;
  readonly accountCurrency: string | undefined;
  /** Current ATR of the instrument on the signal's timeframe; NaN until warmed up. */
  readonly atr: number;
}

/** A quantity in whole lots, or why no entry can be sized. */
export type SizeResult = { readonly quantity: number } | { readonly ignore: string };
