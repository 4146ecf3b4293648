import type { Redis } from 'ioredis';
import { RealClock, silentLogger } from '../../../core/index.js';
import type { Clock, Logger } from '../../../core/index.js';
import { errorText } from './redisConnection.js';
import type { StreamTrimSettings } from './streamTrimSettings.js';
import { ageBoundId, trimStream, type TrimOutcome } from './trimScript.js';

export interface StreamTrimmerOptions {
  /** A connection of the caller's (commands fail at once while Redis is away; the next pass tries again). */
  readonly redis: Redis;
  /** The deployment's streams: never trimmed past what one of their consumer groups still needs. */
  readonly streams: readonly string[];
  /** Trimmed by age and length only, with `settings.deadLetter`. */
  readonly deadLetterStream?: string;
  readonly settings: StreamTrimSettings;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Passes run while this answers true; the first time it answers false the trimmer stops (e.g. a lease given up). */
  readonly whileActive?: () => boolean;
}

/** One pass over every stream. */
export interface TrimPass {
  readonly removed: number;
  /** Entries removed per stream (streams with none left out). */
  readonly removedByStream: Readonly<Record<string, number>>;
  /** Streams whose length rule had to wait (a group's position unknown to Redis, or a long pending history). */
  readonly lengthRuleWaited: readonly string[];
  readonly streams: number;
}

export interface TrimmerHealth {
  readonly passes: number;
  readonly removed: number;
  readonly lastError?: string;
}

/**
 * Bounds the streams, off the hot path: every `intervalMs` one pass runs one script per stream (one round trip
 * each, one after the other so Redis serves the services in between), which reads the stream's consumer groups
 * and trims in one atomic step (see trimScript.ts for the rule). Nothing is done per event. Trimming happens
 * only here: events reach a stream after they are committed to the event store (the services' outbox), so an
 * entry no group needs any more is only a copy.
 */
export class StreamTrimmer {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TrimPass | undefined> | undefined;
  private passes = 0;
  private removed = 0;
  private lastError: string | undefined;

  constructor(private readonly options: StreamTrimmerOptions) {
    this.clock = options.clock ?? new RealClock();
    this.logger = (options.logger ?? silentLogger).child({ component: 'stream-trim' });
  }

  /** Starts the periodic passes (the first one after `intervalMs`); the timer never keeps the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(this.onTimer, this.options.settings.intervalMs);
    this.timer.unref();
  }

  /** Stops the passes; resolves once a pass in progress has ended. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  health(): TrimmerHealth {
    return { passes: this.passes, removed: this.removed, ...(this.lastError === undefined ? {} : { lastError: this.lastError }) };
  }

  /** One pass now: resolves with what it removed, rejects when Redis failed (what was trimmed before stays trimmed). */
  async trimOnce(): Promise<TrimPass> {
    const { settings, streams, deadLetterStream, redis } = this.options;
    const startedMs = this.clock.nowMs();
    const outcomes: TrimOutcome[] = [];
    const rule = { ageBoundId: ageBoundId(startedMs, settings.maxAgeMs), maxLen: settings.maxLen, withGroups: true };
    for (const stream of streams) outcomes.push(await trimStream(redis, stream, rule));
    if (deadLetterStream !== undefined) {
      const { maxAgeMs, maxLen } = settings.deadLetter;
      outcomes.push(await trimStream(redis, deadLetterStream, { ageBoundId: ageBoundId(startedMs, maxAgeMs), maxLen, withGroups: false }));
    }
    const removedByStream: Record<string, number> = {};
    let removed = 0;
    for (const outcome of outcomes) {
      if (outcome.removed === 0) continue;
      removedByStream[outcome.stream] = outcome.removed;
      removed += outcome.removed;
    }
    const pass: TrimPass = { removed, removedByStream, lengthRuleWaited: outcomes.filter((o) => o.lengthRuleWaited).map((o) => o.stream), streams: outcomes.length };
    this.passes++;
    this.removed += removed;
    this.lastError = undefined;
    const took = { streams: pass.streams, removed, tookMs: this.clock.nowMs() - startedMs };
    this.logger.debug({ ...took, ...(pass.lengthRuleWaited.length > 0 ? { lengthRuleWaited: pass.lengthRuleWaited } : {}) }, 'stream trim pass');
    if (removed > 0) this.logger.info({ ...took, removedByStream }, `trimmed ${removed} stream entries no consumer group needs any more`);
    return pass;
  }

  private readonly onTimer = (): void => {
    if (this.running !== undefined) return; // the previous pass is still going (Redis slow): skip this beat
    if (this.options.whileActive !== undefined && !this.options.whileActive()) {
      void this.stop();
      return;
    }
    this.running = this.trimOnce().then(
      (pass) => pass,
      (error: unknown) => {
        const message = errorText(error);
        const active = this.options.whileActive?.() ?? true;
        if (active && message !== this.lastError) this.logger.warn({ err: message }, 'stream trim pass failed; the next pass tries again');
        this.lastError = message;
        return undefined;
      },
    ).finally(() => {
      this.running = undefined;
    });
  };
}
