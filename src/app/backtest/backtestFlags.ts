import { z } from 'zod';
import { DATE_FORMATS, TIMESTAMP_MARKS } from '../../adapters/feeds/index.js';
import { TIMEFRAMES, ValidationError } from '../../core/index.js';

const positive = z.coerce.number().positive();
const nonNegative = z.coerce.number().min(0);

/** `fortress backtest` flags, as typed by a person: every value is checked here, at the edge. */
export const backtestFlagsSchema = z
  .object({
    data: z.string().min(1).optional(),
    synthetic: z.coerce.number().int().positive().optional(),
    strategy: z.string().min(1),
    param: z.array(z.string()).default([]),
    qty: positive.default(100),
    cash: positive.default(100_000),
    fill: z.enum(['next-open', 'close']).default('next-open'),
    slippageBps: nonNegative.default(0),
    commissionPerOrder: nonNegative.default(0),
    commissionPerShare: nonNegative.default(0),
    commissionPctBps: nonNegative.default(0),
    commissionMin: nonNegative.default(0),
    volumeShare: z.coerce.number().gt(0).max(1).default(1),
    symbol: z.string().min(1).optional(),
    exchange: z.string().min(1).default('NYSE'),
    currency: z.string().regex(/^[A-Z]{3,4}$/, 'a currency code such as USD or INR').default('USD'),
    tickSize: positive.optional(),
    lotSize: positive.default(1),
    timeframe: z.enum(TIMEFRAMES).optional(),
    tz: z.string().min(1).default('UTC'),
    timestampMarks: z.enum(TIMESTAMP_MARKS).default('open'),
    dateFormat: z.enum(DATE_FORMATS).optional(),
    adjusted: z.boolean().default(false),
    columns: z.string().min(1).optional(),
    seed: z.coerce.number().int().default(1),
    json: z.string().min(1).optional(),
    report: z.string().min(1).optional(),
    store: z.string().min(1).optional(),
    risk: z.string().min(1).optional(),
    cacheDir: z.string().min(1).optional(),
  })
  .strict()
  .refine((flags) => (flags.data === undefined) !== (flags.synthetic === undefined), {
    message: 'give exactly one of --data FILE or --synthetic BARS',
    path: ['data'],
  });

export type BacktestFlags = z.output<typeof backtestFlagsSchema>;

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parse CLI flags; an error names the flag (`--qty: expected number, got "ten"`). */
export function parseBacktestFlags(raw: Readonly<Record<string, unknown>>): BacktestFlags {
  const result = backtestFlagsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path[0];
    const value = typeof key === 'string' ? raw[key] : undefined;
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    return `--${kebab(String(key ?? 'flags'))}: ${issue.message}${shown}`;
  });
  throw new ValidationError(problems.join('\n'), { problems });
}

/** `--param fast=10 --param slow=30` → `{ fast: '10', slow: '30' }` (the strategy's schema coerces types). */
export function parseStrategyParamFlags(params: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of params) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ValidationError(`--param "${item}": expected NAME=VALUE`);
    const name = item.slice(0, eq).trim();
    if (Object.hasOwn(out, name)) throw new ValidationError(`--param ${name} is given twice`);
    out[name] = item.slice(eq + 1).trim();
  }
  return out;
}

const COLUMN_ROLES = ['time', 'date', 'open', 'high', 'low', 'close', 'volume', 'adjClose'] as const;
type ColumnRole = (typeof COLUMN_ROLES)[number];

/** `--columns time=Datetime,open=O,close=4` → a column map (header names, or 0-based indexes). */
export function parseColumnsFlag(text: string): Partial<Record<ColumnRole, string | number>> {
  const out: Partial<Record<ColumnRole, string | number>> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq <= 0 || column === '') throw new ValidationError(`--columns "${part}": expected ROLE=COLUMN (roles: ${COLUMN_ROLES.join(', ')})`);
    if (!(COLUMN_ROLES as readonly string[]).includes(role)) throw new ValidationError(`--columns: unknown role "${role}" (roles: ${COLUMN_ROLES.join(', ')})`);
    out[role as ColumnRole] = /^\d+$/.test(column) ? Number(column) : column;
  }
  return out;
}
