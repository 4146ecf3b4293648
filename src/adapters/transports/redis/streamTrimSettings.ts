import { z } from 'zod';
import { ValidationError } from '../../../core/index.js';

const wholeMs = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * How the periodic trimmer bounds the streams (config.yaml `distributed.trim`). An entry is removed when no
 * consumer group still needs it AND it is older than `maxAgeMs` or beyond the newest `maxLen` entries of its
 * stream: age keeps a recent window to inspect, length caps memory under heavy traffic, and an entry a group has
 * not acknowledged stays whatever its age. The dead-letter stream has no consumers to wait for and its own,
 * longer retention (people read it).
 */
export const streamTrimSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** One pass over every stream this often. */
    intervalMs: wholeMs(100, 3_600_000).default(10_000),
    /** Acknowledged entries younger than this stay (unless beyond maxLen). */
    maxAgeMs: wholeMs(0, 365 * 86_400_000).default(600_000),
    /** Acknowledged entries beyond the newest maxLen of a stream go (about: trimming is approximate). */
    maxLen: z.number().int().min(0).max(1_000_000_000).default(100_000),
    deadLetter: z
      .object({
        maxAgeMs: wholeMs(0, 365 * 86_400_000).default(7 * 86_400_000),
        maxLen: z.number().int().min(0).max(1_000_000_000).default(100_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type StreamTrimSettings = z.output<typeof streamTrimSchema>;

/** Defaults, as the schema gives them for an empty section. */
export const DEFAULT_STREAM_TRIM: StreamTrimSettings = streamTrimSchema.parse({});

/** Reads a trim section (`path` names it in errors); a bad value throws a ValidationError naming the key, the value and what is allowed. */
export function parseStreamTrimSettings(raw: unknown, path = 'trim'): StreamTrimSettings {
  const result = streamTrimSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = [path, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${key}.${k}: unknown key`).join('; ');
    return `${key}: ${issue.message} (got ${JSON.stringify(valueAt(raw, issue.path))})`;
  });
  throw new ValidationError(`invalid stream trimming settings: ${problems.join('; ')}`, { problems });
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
