/**
 * Keeps a page's data fresh: `task` runs now, then every `intervalMs` after the previous run finished (never
 * two at once), and at most once per `minGapMs` when `trigger()` asks (a live event said something changed).
 * `stop()` when the page goes.
 */
export interface Refresher {
  trigger(): void;
  stop(): void;
}

export function keepFresh(task: () => Promise<void>, intervalMs: number, minGapMs = 250): Refresher {
  let stopped = false;
  let running = false;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRunMs = 0;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };

  async function run(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    lastRunMs = performance.now();
    try {
      await task();
    } catch {
      // the page shows its own error; the next run tries again
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      schedule(minGapMs);
    } else schedule(intervalMs);
  }

  void run();
  return {
    trigger(): void {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      const waitMs = Math.max(0, minGapMs - (performance.now() - lastRunMs));
      schedule(waitMs);
    },
    stop(): void {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
