import type { Logger } from '../../core/index.js';
import { warmOrderPath, type OrderPathWarmUp, type OrderPathWarmUpOptions } from './warmOrderPath.js';

export interface RunningWarmUp {
  /** Resolves with the warm-up's outcome (undefined if it failed; the failure is logged). */
  readonly done: Promise<OrderPathWarmUp | undefined>;
  /** Stop it at its next slice and wait for it (the node stopping). */
  stop(): Promise<void>;
}

/**
 * The live node's order-path warm-up, started once the node is ready: one log line when it is done
 * ("order path warmed in N ms"); a failure is logged as a warning and changes nothing else (the node trades
 * either way, the first orders just run slower).
 */
export function startOrderPathWarmUp(options: Omit<OrderPathWarmUpOptions, 'signal'>, logger: Logger): RunningWarmUp {
  const abort = new AbortController();
  const log = logger.child({ component: 'node' });
  const done = warmOrderPath({ ...options, signal: abort.signal }).then(
    (outcome) => {
      const { orders, fills, failures, longestSliceMs, completed } = outcome;
      const elapsedMs = Math.round(outcome.elapsedMs);
      const fields = { orders, fills, failures, elapsedMs, longestSliceMs: Math.round(longestSliceMs * 10) / 10 };
      if (completed) log.info(fields, `order path warmed in ${elapsedMs} ms`);
      else log.info(fields, `order path warm-up stopped with the node after ${elapsedMs} ms`);
      return outcome;
    },
    (err: unknown) => {
      log.warn({ err }, 'order path warm-up failed; the first orders run unoptimized');
      return undefined;
    },
  );
  return {
    done,
    async stop(): Promise<void> {
      abort.abort();
      await done;
    },
  };
}
