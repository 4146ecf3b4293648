import { z } from 'zod';
import { ValidationError } from '../core/index.js';
import { describeConfigIssue, type RiskConfigProblem } from './configProblems.js';
import { RULE_DEFINITIONS, RULE_KEYS, type RuleKey } from './ruleList.js';

type Definitions = typeof RULE_DEFINITIONS;
type RulesShape = { [K in RuleKey]: z.ZodPrefault<Definitions[K]['schema']> };

/** Every rule's effective settings (all fields present). */
export type RulesConfig = { readonly [K in RuleKey]: z.output<Definitions[K]['schema']> };
/** Settings an account or an instrument overrides, field by field. */
export type RuleOverrides = { readonly [K in RuleKey]?: Partial<RulesConfig[K]> };

// Every rule slice defaults field by field, so `{}` (or a partial slice) is a complete configuration.
const rulesShape = Object.fromEntries(
  RULE_KEYS.map((key) => [key, (RULE_DEFINITIONS[key].schema as z.ZodObject).prefault({})]),
) as unknown as RulesShape;

/** The same fields without their defaults, all optional: an override names only what it changes. */
function overrideOf(schema: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const bare = field instanceof z.ZodDefault ? (field.removeDefault() as z.ZodType) : (field as z.ZodType);
      return [key, bare.optional()];
    }),
  );
  return z.object(shape).strict();
}

const overridesSchema = z
  .object(Object.fromEntries(RULE_KEYS.map((key) => [key, overrideOf(RULE_DEFINITIONS[key].schema).optional()])))
  .strict() as unknown as z.ZodType<RuleOverrides>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDate = z.string().refine((text) => {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}, 'expected a date YYYY-MM-DD');

export const riskConfigSchema = z
  .object({
    /** The defaults every account and instrument starts from. */
    rules: z.object(rulesShape).strict().prefault({}),
    /** Per account id: rule settings that replace the defaults (field by field). */
    accounts: z.record(z.string().min(1), overridesSchema).default({}),
    /** Per instrument id: rule settings that replace the account's and the defaults (field by field). */
    instruments: z.record(z.string().min(1), overridesSchema).default({}),
    /** Closed dates per exchange (`NSE: ['2024-01-26']`), given to the exchange calendars the trading-hours rule reads. */
    holidays: z.record(z.string().min(1), z.array(isoDate)).default({}),
    /**
     * How often (bar time) the account-wide limits are also checked on bars; they always are on fills, account
     * updates and intents. Each check values the account, so a short interval costs backtest speed.
     */
    monitor: z.object({ intervalMs: z.number().int().positive().default(900_000) }).strict().prefault({}),
  })
  .strict();

export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;

export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({});
}

/** Every problem with a raw configuration, each naming its key path; empty when it is valid. */
export function riskConfigProblems(raw: unknown): RiskConfigProblem[] {
  const result = riskConfigSchema.safeParse(raw, { reportInput: true });
  return result.success ? [] : result.error.issues.flatMap(describeConfigIssue);
}

/** Parse a raw risk configuration; a bad value throws a ValidationError naming the key path. */
export function parseRiskConfig(raw: unknown): RiskConfig {
  const result = riskConfigSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap(describeConfigIssue);
  const lines = problems.map((p) => p.text);
  throw new ValidationError(`invalid risk configuration: ${lines.join('; ')}`, { problems: lines, issues: problems });
}
