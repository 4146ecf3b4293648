import type { z } from 'zod';
import { ValidationError } from '../core/index.js';

/**
 * Validate raw parameters with a strategy's schema. A failure is a ValidationError whose message names each
 * offending parameter and the problem, e.g. `strategy "sma-crossover": parameter "fast": must be less than slow (30), got 50`.
 */
export function parseStrategyParams<P>(
  strategy: string,
  schema: z.ZodType<P>,
  raw: Readonly<Record<string, unknown>>,
  knownParams: readonly string[] = [],
): P {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue, knownParams));
  const parameters = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys : issue.path.length > 0 ? [issue.path.join('.')] : [],
  );
  throw new ValidationError(`strategy "${strategy}": ${problems.join('; ')}`, { strategy, parameters, issues: problems });
}

function describeIssue(issue: z.core.$ZodIssue, knownParams: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const known = knownParams.length > 0 ? ` (known: ${knownParams.join(', ')})` : '';
    return `${issue.keys.map((key) => `unknown parameter "${key}"`).join(', ')}${known}`;
  }
  const name = issue.path.join('.');
  return name === '' ? issue.message : `parameter "${name}": ${issue.message}`;
}
