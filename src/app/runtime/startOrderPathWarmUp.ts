import type { Logger } from '../../core/index.js';
import { OrderPathWarmer, type OrderPathWarmerOptions } from './OrderPathWarmer.js';
import { drive, type OrderPathWarmUp } from './warmOrderPath.js';

export interface OrderPathWarmUpSchedule {
  /** Orders driven through at start (default 2,000). */
  readonly orders?: number;
  /** After that, a short burst this often to keep the path optimized (0: none). */
  readonly keepWarmEveryMs: number;
}

export interface RunningWarmUp {
  /** Resolves with the start's warm-up outcome (undefined if it failed; the failure is logged). */
  readonly done: Promise<OrderPathWarmUp | undefined>;
  /** Synthetic orders the bursts after the start have driven so far. */
  readonly keptWarmOrders: () => number;
  /** Stop it (at its next slice, and no more bursts) and wait for it (the node stopping). */
  stop(): Promise<void>;
}

/** Steps (ticks or bars, about an order each in each graph) per keep-warm burst: well under a millisecond. */
const BURST_STEPS = 8;
/** The keep-warm graphs are replaced after this many orders, so what they hold (a few MB) stays small. */
const REBUILD_AFTER_ORDERS = 1_000;

/**
 * The live node's order-path warm-up, started once the node is ready (see warmOrderPath.ts): one log line when it
 * is done ("order path warmed in N ms"); a failure is logged as a warning and changes nothing else (the node
 * trades either way, its first orders just run slower).
 *
 * Then, every `keepWarmEveryMs`, a burst of a few synthetic orders through the same kind of throwaway graphs. V8
 * throws optimized code away when it meets something it was not specialised for — the live node's first orders
 * bring objects and branches the warm-up never showed it — and a node placing a few orders a second would then
 * run that code unoptimized for minutes. The bursts let V8 optimize it again with what the live orders showed
 * it, and keep it optimized; they cost about 0.1% of a core.
 */
export function startOrderPathWarmUp(options: OrderPathWarmerOptions, schedule: OrderPathWarmUpSchedule, logger: Logger): RunningWarmUp {
  const abort = new AbortController();
  const log = logger.child({ component: 'node' });
  let warmer: OrderPathWarmer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let keptWarm = 0;
  const keepWarm = (): void => {
    if (warmer === undefined || abort.signal.aborted) return;
    if (warmer.orders >= REBUILD_AFTER_ORDERS) {
      void warmer.close();
      warmer = new OrderPathWarmer(options);
    }
    const before = warmer.orders;
    try {
      for (let i = 0; i < BURST_STEPS; i++) warmer.step();
    } catch (err) {
      clearInterval(timer);
      log.warn({ err }, 'keeping the order path warm failed; stopped');
    }
    keptWarm += warmer.orders - before;
  };
  const done = (async (): Promise<OrderPathWarmUp | undefined> => {
    try {
      warmer = new OrderPathWarmer(options);
      const outcome = await drive(warmer, { ...(schedule.orders !== undefined ? { orders: schedule.orders } : {}), signal: abort.signal });
      const { orders, fills, failures, longestSliceMs, completed } = outcome;
      const elapsedMs = Math.round(outcome.elapsedMs);
      const fields = { orders, fills, failures, elapsedMs, longestSliceMs: Math.round(longestSliceMs * 10) / 10, keepWarmEveryMs: schedule.keepWarmEveryMs };
      if (completed) log.info(fields, `order path warmed in ${elapsedMs} ms`);
      else log.info(fields, `order path warm-up stopped after ${elapsedMs} ms`);
      // The start's graphs hold thousands of orders: the bursts get fresh ones, and those are garbage.
      await warmer.close();
      warmer = undefined;
      if (completed && schedule.keepWarmEveryMs > 0 && !abort.signal.aborted) {
        warmer = new OrderPathWarmer(options);
        timer = setInterval(keepWarm, schedule.keepWarmEveryMs);
        timer.unref();
      }
      return outcome;
    } catch (err) {
      log.warn({ err }, 'order path warm-up failed; the first orders run unoptimized');
      return undefined;
    }
  })();
  return {
    done,
    keptWarmOrders: () => keptWarm,
    async stop(): Promise<void> {
      abort.abort();
      await done;
      if (timer !== undefined) clearInterval(timer);
      await warmer?.close();
      warmer = undefined;
    },
  };
}
