import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createIdSource, type Clock, type Logger } from '../../core/index.js';
import { ControlError, type Actor, type BacktestControl, type BacktestJob, type BacktestRequest } from '../../api/index.js';
import { loadJobIndex, saveJobIndex } from './backtestJobIndex.js';
import { REPORT_FILE, RESULT_FILE, type BacktestPlan, type BacktestWorkerMessage } from './backtestProtocol.js';
import { planBacktest } from './planBacktest.js';

export interface BacktestJobsDeps {
  /** FORTRESS_HOME: jobs live in `<home>/backtests/<id>/`, the list in `<home>/backtests/index.json`. */
  readonly home: string;
  /** Where CSV bar files are looked up by symbol (FORTRESS_DATA_DIR, default `<home>/data`). */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Wall time for `startedAt`/`finishedAt` and job ids (give a RealClock even when the node replays a tape). */
  readonly clock: Clock;
  /** Jobs running at once (each on its own thread); the rest wait in order. Default 1. */
  readonly maxConcurrent?: number;
}

/** The node's backtest jobs, with `close()` for the node's shutdown (stops running threads). */
export interface BacktestJobs extends BacktestControl {
  close(): Promise<void>;
}

type MutableJob = { -readonly [K in keyof BacktestJob]: BacktestJob[K] };

/**
 * Backtests requested over the API. Each request is checked up front (planBacktest), queued, and run on a
 * worker thread so a long replay never stalls the live node's event loop; the thread reports progress and
 * writes result.json and report.html under `<home>/backtests/<id>/`. The job list is kept in memory and in
 * a small index file written at every change of state (not at every progress step).
 */
export function createBacktestJobs(deps: BacktestJobsDeps): BacktestJobs {
  const { clock } = deps;
  const logger = deps.logger.child({ component: 'backtests' });
  const maxConcurrent = deps.maxConcurrent ?? 1;
  if (!(Number.isInteger(maxConcurrent) && maxConcurrent >= 1)) throw new RangeError(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  const jobsDir = join(deps.home, 'backtests');
  const indexPath = join(jobsDir, 'index.json');
  const cacheDir = join(deps.home, 'cache');
  const now = (): string => new Date(clock.nowMs()).toISOString();
  const ids = createIdSource(clock, randomInt(2 ** 31));

  const jobs = new Map<string, MutableJob>();
  for (const job of loadJobIndex(indexPath, logger, now())) jobs.set(job.id, { ...job });
  const queue: BacktestPlan[] = [];
  const running = new Map<string, Worker>();
  let closed = false;

  const save = (): void => {
    try {
      saveJobIndex(indexPath, [...jobs.values()]);
    } catch (error) {
      logger.error({ path: indexPath, err: error }, 'backtest job index not written');
    }
  };
  const finish = (id: string, outcome: Pick<BacktestJob, 'state'> & Partial<Pick<BacktestJob, 'error' | 'summary'>>): void => {
    const job = jobs.get(id);
    running.delete(id);
    if (job === undefined || job.state === 'done' || job.state === 'failed') return;
    job.state = outcome.state;
    job.finishedAt = now();
    if (outcome.state === 'done') job.progress = 1;
    if (outcome.error !== undefined) job.error = outcome.error;
    if (outcome.summary !== undefined) job.summary = outcome.summary;
    save();
    logger.info({ jobId: id, state: job.state, ...(job.error !== undefined ? { error: job.error } : {}) }, `backtest ${job.state}`);
    pump();
  };
  const launch = (plan: BacktestPlan): void => {
    const job = jobs.get(plan.jobId)!;
    job.state = 'running';
    const worker = new Worker(new URL('./backtestWorker.js', import.meta.url), { workerData: plan });
    running.set(plan.jobId, worker);
    worker.on('message', (message: BacktestWorkerMessage) => {
      if (message.kind === 'progress') job.progress = message.total > 0 ? Math.min(1, message.done / message.total) : 0;
      else if (message.kind === 'done') finish(plan.jobId, { state: 'done', summary: message.summary });
      else if (message.kind === 'failed') finish(plan.jobId, { state: 'failed', error: message.error });
    });
    worker.on('error', (error: Error) => finish(plan.jobId, { state: 'failed', error: `the backtest thread crashed: ${error.message}` }));
    worker.on('exit', (code: number) => finish(plan.jobId, { state: 'failed', error: `the backtest thread exited (code ${code}) without a result` }));
    save();
    logger.info({ jobId: plan.jobId, strategy: plan.strategy, source: plan.source.kind === 'csv' ? plan.source.path : `synthetic:${plan.source.symbol}` }, 'backtest started');
  };
  function pump(): void {
    while (!closed && running.size < maxConcurrent && queue.length > 0) launch(queue.shift()!);
  }
  const finished = (id: string): MutableJob => {
    const job = jobs.get(id);
    if (job === undefined) throw new ControlError('NOT_FOUND', `no backtest ${id}`, 'id');
    if (job.state !== 'done') throw new ControlError('CONFLICT', `backtest ${id} is ${job.state}${job.error !== undefined ? `: ${job.error}` : ''}; it has no result`);
    return job;
  };
  const readOutput = async (id: string, file: string): Promise<string> => {
    finished(id);
    const path = join(jobsDir, id, file);
    if (!existsSync(path)) throw new ControlError('NOT_FOUND', `backtest ${id} has no ${file} any more (removed from ${join(jobsDir, id)})`);
    return readFile(path, 'utf8');
  };

  return {
    start(request: BacktestRequest, actor: Actor): BacktestJob {
      if (closed) throw new ControlError('UNAVAILABLE', 'the node is stopping; no new backtests');
      let jobId = `bt-${ids.next()}`;
      while (jobs.has(jobId)) jobId = `bt-${ids.next()}`;
      const plan = planBacktest(request, { jobId, jobsDir, dataDir: deps.dataDir, cacheDir });
      const job: MutableJob = { id: jobId, state: 'queued', request, progress: 0, startedAt: now(), requestedBy: actor.username };
      jobs.set(jobId, job);
      queue.push(plan);
      save();
      pump();
      return { ...job };
    },
    list(): readonly BacktestJob[] {
      return [...jobs.values()].reverse().map((job) => ({ ...job }));
    },
    get(id: string): BacktestJob | undefined {
      const job = jobs.get(id);
      return job === undefined ? undefined : { ...job };
    },
    async result(id: string): Promise<unknown> {
      return JSON.parse(await readOutput(id, RESULT_FILE)) as unknown;
    },
    report(id: string): Promise<string> {
      return readOutput(id, REPORT_FILE);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      for (const plan of queue.splice(0)) finish(plan.jobId, { state: 'failed', error: 'the node stopped before the job ran' });
      const stopping = [...running.entries()].map(async ([id, worker]) => {
        finish(id, { state: 'failed', error: 'stopped: the node stopped while the job ran' });
        await worker.terminate();
      });
      await Promise.all(stopping);
      save();
    },
  };
}
