import { z } from 'zod';
import { ValidationError } from '../../../core/index.js';

export const FILL_MODELS = ['next-open', 'close', 'tick'] as const;
export type FillModel = (typeof FILL_MODELS)[number];

const minor = z.number().int().min(0);

export const commissionConfigSchema = z.object({
  /** Charged once per order, on its first fill. */
  perOrderMinor: minor.optional(),
  /** Currency per share/contract (e.g. 0.005 USD), rounded half-even to the minor unit per fill. */
  perUnit: z.number().min(0).optional(),
  /** Share of the fill's notional, in basis points. */
  pctOfNotionalBps: z.number().min(0).optional(),
  /** Least commission an order pays over all its fills. */
  minimumMinor: minor.optional(),
}).strict();

export const paperBrokerConfigSchema = z.object({
  /**
   * `next-open`: an order fills at the open of the next bar (ts = that bar's ts). `close`: a market order fills at
   * once at the close of the last bar (ts = its close time); other orders against later bars. `tick`: orders fill
   * against the next tick (bars are ignored for fills).
   */
  fillModel: z.enum(FILL_MODELS),
  /** Market and stop executions: buys pay price × (1 + bps/10,000) rounded up to the tick, sells receive (1 − bps/10,000) rounded down. */
  slippageBps: z.number().min(0).max(10_000).default(0),
  commission: commissionConfigSchema.default({}),
  /** Share of a bar's (tick's) volume all our fills together may take; the rest keeps working. Bars without volume are not capped. */
  maxVolumeShare: z.number().gt(0).max(1).default(1),
  /** Reject market orders for an instrument no bar or tick has been seen for yet (otherwise they wait for one). */
  rejectWhenNoMarket: z.boolean().default(false),
  /** The venue's order rate limit (its `capabilities.ordersPerSecond`): execution paces submissions to it. */
  ordersPerSecond: z.number().positive().default(1000),
  /** Client order ids the simulated venue rejects (to rehearse failure paths: a rejected slice, a basket leg). */
  rejectClientIds: z.array(z.string().min(1)).default([]),
}).strict();

/** The configuration as written (defaults may be left out). */
export type PaperBrokerConfig = z.input<typeof paperBrokerConfigSchema>;
/** The configuration with defaults filled in. */
export type ResolvedPaperBrokerConfig = z.output<typeof paperBrokerConfigSchema>;
export type CommissionConfig = z.output<typeof commissionConfigSchema>;

/** Validate a paper broker configuration; a bad value throws a ValidationError naming the key and what is allowed. */
export function parsePaperBrokerConfig(input: unknown): ResolvedPaperBrokerConfig {
  const result = paperBrokerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${['paperBroker', ...issue.path.map(String)].join('.')}: ${issue.message}`);
  throw new ValidationError(`invalid paper broker configuration: ${problems.join('; ')}`, { problems });
}
