import type { z } from 'zod';
import { RULE_DEFINITIONS, RULE_KEYS, type RuleKey } from './ruleList.js';

/** One thing wrong with a risk configuration: where (key path) and what, and both as one line. */
export interface RiskConfigProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** `path: message` — what a person reads. */
  readonly text: string;
}

export const TOP_LEVEL_KEYS = ['rules', 'accounts', 'instruments', 'holidays', 'monitor'] as const;

export function describeConfigIssue(issue: z.core.$ZodIssue): RiskConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  switch (issue.code) {
    case 'invalid_type':
      return [problem(path, `expected ${issue.expected}, got ${kindOf(issue.input)}${showValue(issue.input)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => problem([...path, key], `unknown key${suggest(key, knownKeysAt(path))}`));
    default:
      return [problem(path, `${issue.message.replace(/^Invalid input: /, '')}${showValue(issue.input)}`)];
  }
}

export function formatKeyPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : !/^[A-Za-z0-9_-]+$/.test(p) ? `[${JSON.stringify(p)}]` : i === 0 ? p : `.${p}`))
    .join('');
}

function problem(path: readonly (string | number)[], message: string): RiskConfigProblem {
  return { path, message, text: `${formatKeyPath(path)}: ${message}` };
}

/** The keys a configuration may have at `path` (the object an unknown key was found in). */
export function knownKeysAt(path: readonly (string | number)[]): readonly string[] {
  const [top, second, third] = path;
  const ruleFields = (key: unknown): readonly string[] =>
    typeof key === 'string' && Object.hasOwn(RULE_DEFINITIONS, key) ? Object.keys(RULE_DEFINITIONS[key as RuleKey].schema.shape) : [];
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (top === 'monitor' && path.length === 1) return ['intervalMs'];
  if (top === 'rules') return path.length === 1 ? RULE_KEYS : ruleFields(second);
  if (top === 'accounts' || top === 'instruments') return path.length === 2 ? RULE_KEYS : ruleFields(third);
  return [];
}

/** ` (did you mean maxPositionPct?)` for a key close to a known one (a typo, another case), else ''. */
function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(candidate.toLowerCase(), key.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return '';
  const a = best.toLowerCase();
  const b = key.toLowerCase();
  const close = bestDistance <= Math.max(2, Math.floor(key.length / 3)) || isSubsequence(a, b) || isSubsequence(b, a);
  return close ? ` (did you mean ${best}?)` : ` (allowed: ${known.join(', ')})`;
}

function isSubsequence(short: string, long: string): boolean {
  if (short.length < 3) return false;
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
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
