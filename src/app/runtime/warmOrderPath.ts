import { OrderPathWarmer, type OrderPathWarmerOptions } from './OrderPathWarmer.js';

export interface OrderPathWarmUpOptions extends OrderPathWarmerOptions {
  /** Orders to drive through (default 2,000). */
  readonly orders?: number;
  /** Longest run between two turns of the event loop (default 5 ms). */
  readonly sliceMs?: number;
  /** Stops the warm-up at its next slice (the node stopping). */
  readonly signal?: AbortSignal;
}

export interface OrderPathWarmUp {
  /** Orders that reached the throwaway graphs' brokers, and fills they reported. */
  readonly orders: number;
  readonly fills: number;
  /** Handler failures inside the throwaway graphs (0 unless the order path has a bug). */
  readonly failures: number;
  /** Wall time from start to end, and the longest run between two turns of the event loop. */
  readonly elapsedMs: number;
  readonly longestSliceMs: number;
  /** False when stopped early, or when the path made too few orders (every intent rejected by the risk rules). */
  readonly completed: boolean;
}

const DEFAULT_ORDERS = 2_000;
const DEFAULT_SLICE_MS = 5;
/** Steps (ticks or bars) allowed per order wanted before the warm-up gives up (a working path needs about one). */
const STEPS_PER_ORDER_BUDGET = 4;

/**
 * Order-path warm-up, the standard practice of latency-sensitive systems. V8 optimizes a function only after it
 * has run often, and a node placing a couple of orders a second would run its order path in the interpreter for
 * hours. This drives a few thousand synthetic orders through an OrderPathWarmer's throwaway graphs, so the
 * engines' methods, whose code and type feedback every instance of their class shares, are optimized before real
 * orders need them. Runs in slices of at most `sliceMs` between turns of the event loop, so a node can start it
 * once it is ready, and closes the graphs at the end.
 */
export async function warmOrderPath(options: OrderPathWarmUpOptions): Promise<OrderPathWarmUp> {
  const warmer = new OrderPathWarmer(options);
  try {
    return await drive(warmer, options);
  } finally {
    await warmer.close();
  }
}

/** Drive `warmer` until `options.orders` more orders (in slices), or until stopped or out of budget. */
export async function drive(warmer: OrderPathWarmer, options: Pick<OrderPathWarmUpOptions, 'orders' | 'sliceMs' | 'signal'>): Promise<OrderPathWarmUp> {
  const startedMs = performance.now();
  const target = warmer.orders + (options.orders ?? DEFAULT_ORDERS);
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let longestSliceMs = 0;
  let stopped = false;
  // A path that makes no orders (every intent rejected by the configured risk rules) ends the warm-up after this
  // many steps rather than spinning on.
  let stepsLeft = STEPS_PER_ORDER_BUDGET * (target - warmer.orders);
  while (warmer.orders < target && warmer.trading && stepsLeft > 0) {
    const sliceStartMs = performance.now();
    do {
      warmer.step();
      stepsLeft--;
    } while (warmer.orders < target && stepsLeft > 0 && performance.now() - sliceStartMs < sliceMs);
    longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceStartMs);
    if (warmer.orders >= target) break;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted === true) {
      stopped = true;
      break;
    }
  }
  const { orders, fills, failures } = warmer;
  return { orders, fills, failures, elapsedMs: performance.now() - startedMs, longestSliceMs, completed: !stopped && orders >= target };
}
