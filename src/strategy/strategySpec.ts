import { z } from 'zod';
import { TIMEFRAMES, ValidationError, type Timeframe } from '../core/index.js';

/** A strategy parameter as a config file or an API body writes it (strings are coerced by the strategy's schema). */
export type StrategyParamValue = string | number | boolean;
export type StrategyParams = Readonly<Record<string, StrategyParamValue>>;

export const strategyParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** What registering a strategy takes: which built-in, under which id, on which instruments and timeframe, with which parameters. */
export const strategySpecSchema = z
  .object({
    strategyId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    /** A name the StrategyRegistry knows (`sma-crossover`, `rsi`, `external`…). */
    strategy: z.string().min(1),
    instruments: z.array(z.string().min(1)).min(1),
    timeframe: z.enum(TIMEFRAMES),
    params: strategyParamsSchema.default({}),
    /** Whether it runs (and its external signals are taken) from the start. Default true. */
    active: z.boolean().default(true),
  })
  .strict();

/** What `register` takes (checked with `strategySpecSchema`, so untyped input from an API body is fine too). */
export interface StrategySpec {
  readonly strategyId: string;
  readonly strategy: string;
  readonly instruments: readonly string[];
  readonly timeframe: Timeframe;
  readonly params?: StrategyParams;
  readonly active?: boolean;
}
export type ParsedStrategySpec = z.output<typeof strategySpecSchema>;

/** Who asks for a change, and why: recorded on its event. */
export const commandAuditSchema = z.object({ by: z.string().trim().min(1), reason: z.string().trim().min(1) }).strict();
export type CommandAudit = z.input<typeof commandAuditSchema>;

/** Parse `input` with `schema`; a failure is a ValidationError naming the command and each bad field. */
export function parseCommandInput<S extends z.ZodType>(schema: S, input: unknown, command: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${key}: unknown field`).join('; ');
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new ValidationError(`${command}: ${problems.join('; ')}`, { command, problems });
}

/** Same parameters, whatever the key order. */
export function sameParams(a: StrategyParams, b: StrategyParams): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}
