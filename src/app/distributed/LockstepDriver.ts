import type { Bar, Logger } from '../../core/index.js';
import { LOCKSTEP_PHASES, lockstepBarMessage, type LockstepPhase } from './lockstepPhase.js';
import type { MessagePublisher } from './transportPorts.js';

/** "Everything published so far has been handled by every service, and everything that caused too." */
export interface Settlement {
  settled(): Promise<void>;
}

/** Where a replay stands: the next bar to publish and its next phase. */
export interface LockstepPosition {
  readonly barIndex: number;
  readonly phase: number;
}

export interface LockstepDriverOptions {
  readonly publisher: MessagePublisher;
  readonly settlement: Settlement;
  readonly logger: Logger;
  /** Pacing: wait (next bar's ts − this bar's ts) / speed between bars; Infinity = as fast as the services settle. */
  readonly speed?: number;
  /** Resume here (a restarted market-data service); default the start. */
  readonly from?: LockstepPosition;
  /** Before each bar (tests stop or crash things at a chosen bar). */
  readonly onBar?: (barIndex: number) => void | Promise<void>;
}

/**
 * Replays bars in lockstep: each bar in its three phases (fill, mark, signal), and each phase only after the one
 * before it — and everything it caused, in every service — has settled. So the next bar can never overtake the
 * previous bar's orders, and every service sees the state it would see in the single process. Who waits for
 * whom is not wired in: settled means every consumer group has acknowledged every entry of every stream, and a
 * service acknowledges a message only after the events it caused are logged and published.
 */
export class LockstepDriver {
  private stopped = false;
  barsPublished = 0;
  /** Wall time spent waiting for each phase to settle (ms), for the end-of-replay log line. */
  readonly settleMs = LOCKSTEP_PHASES.map(() => 0);

  constructor(private readonly options: LockstepDriverOptions) {}

  async run(bars: readonly Bar[]): Promise<void> {
    const { publisher, settlement, logger } = this.options;
    const speed = this.options.speed ?? Number.POSITIVE_INFINITY;
    const start = this.options.from ?? { barIndex: 0, phase: 0 };
    if (start.phase > 0 || start.barIndex > 0) {
      logger.info({ component: 'lockstep', barIndex: start.barIndex, phase: LOCKSTEP_PHASES[start.phase] }, 'resuming the replay where it stopped');
      await settlement.settled();
    }
    for (let i = start.barIndex; i < bars.length && !this.stopped; i++) {
      const bar = bars[i]!;
      await this.options.onBar?.(i);
      for (let p = i === start.barIndex ? start.phase : 0; p < LOCKSTEP_PHASES.length && !this.stopped; p++) {
        const startMs = performance.now();
        publisher.publish(lockstepBarMessage(bar, LOCKSTEP_PHASES[p] as LockstepPhase));
        await publisher.flush();
        await settlement.settled();
        this.settleMs[p]! += performance.now() - startMs;
      }
      this.barsPublished++;
      const next = bars[i + 1];
      if (next !== undefined && Number.isFinite(speed)) await new Promise((resolve) => setTimeout(resolve, Math.max(0, (next.ts - bar.ts) / speed)));
    }
    const perBar = (ms: number): number => Math.round((ms / Math.max(1, this.barsPublished)) * 100) / 100;
    logger.info({ component: 'lockstep', bars: this.barsPublished, settleMsPerBar: Object.fromEntries(LOCKSTEP_PHASES.map((phase, p) => [phase, perBar(this.settleMs[p]!)])) }, 'lockstep replay finished');
  }

  stop(): void {
    this.stopped = true;
  }
}
