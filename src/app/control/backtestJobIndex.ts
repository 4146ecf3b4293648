import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../core/index.js';
import type { BacktestJob } from '../../api/index.js';
import { writeFileAtomic } from '../writeFileAtomic.js';

const paramValue = z.union([z.number(), z.string(), z.boolean()]);
const jobSchema = z.object({
  id: z.string().min(1),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  request: z.object({
    strategy: z.string(),
    params: z.record(z.string(), paramValue).optional(),
    instruments: z.array(z.string()),
    timeframe: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    startingCash: z.number().optional(),
  }),
  progress: z.number().min(0).max(1),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  requestedBy: z.string(),
  summary: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).optional(),
});
const indexSchema = z.object({ version: z.literal(1), jobs: z.array(jobSchema) });

/**
 * The job list on disk (`<home>/backtests/index.json`), so finished jobs outlive a restart. A job that
 * was queued or running when the node stopped comes back failed (its thread died with the process).
 * An unreadable index is set aside with a warning rather than stopping the node.
 */
export function loadJobIndex(path: string, logger: Logger, interruptedAt: string): BacktestJob[] {
  if (!existsSync(path)) return [];
  let parsed: z.output<typeof indexSchema>;
  try {
    parsed = indexSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    logger.warn({ path, err: error instanceof Error ? error.message : String(error) }, 'backtest job index unreadable; starting with an empty list');
    return [];
  }
  return parsed.jobs.map((job): BacktestJob => {
    const restored = stripUndefined(job) as BacktestJob;
    if (job.state === 'done' || job.state === 'failed') return restored;
    return { ...restored, state: 'failed', finishedAt: interruptedAt, error: 'interrupted: the node stopped before the job finished' };
  });
}

export function saveJobIndex(path: string, jobs: readonly BacktestJob[]): void {
  writeFileAtomic(path, `${JSON.stringify({ version: 1, jobs }, null, 1)}\n`);
}

/** zod's output has `key?: T | undefined`; our types (exactOptionalPropertyTypes) want absent keys. */
function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
