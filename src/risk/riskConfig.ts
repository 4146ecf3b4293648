import { z } from 'zod';
import { ValidationError } from '../core/index.js';
import { RULE_DEFINITIONS, RULE_KEYS, type RuleKey } from './ruleList.js';

type Definitions = typeof RULE_DEFINITIONS;
type RulesShape = { [K in RuleKey]: z.ZodPrefault<Definitions[K]['schema']> };

// Every rule slice defaults field by field, so `{}` (or a partial slice) is a complete configuration.
const rulesShape = Object.fromEntries(
  RULE_KEYS.map((key) => [key, (RULE_DEFINITIONS[key].schema as z.ZodObject).prefault({})]),
) as unknown as RulesShape;

export const riskConfigSchema = z
  .object({
    rules: z.object(rulesShape).strict().prefault({}),
  })
  .strict();

export type RiskConfig = z.output<typeof riskConfigSchema>;
export type RiskConfigInput = z.input<typeof riskConfigSchema>;

export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({});
}

/** Parse a raw risk configuration; a bad value throws a ValidationError naming the key path. */
export function parseRiskConfig(raw: unknown): RiskConfig {
  const result = riskConfigSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue);
  throw new ValidationError(`invalid risk configuration: ${problems.join('; ')}`, { problems });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const at = path === '' ? '(root)' : path;
  switch (issue.code) {
    case 'invalid_type':
      return `${at}: expected ${issue.expected}, got ${kindOf(issue.input)}${showValue(issue.input)}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${path === '' ? key : `${path}.${key}`}: unknown key`).join('; ');
    default:
      return `${at}: ${issue.message.replace(/^Invalid input: /, '')}${showValue(issue.input)}`;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

function showValue(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  return ` (${JSON.stringify(value) ?? String(value)})`;
}
