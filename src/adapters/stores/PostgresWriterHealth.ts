import type { Logger } from '../../core/index.js';
import { describePostgresError } from './postgresErrors.js';

/** Whether the store can write: `down` while PostgreSQL refuses or cannot be reached (the writer keeps retrying). */
export interface PostgresStoreHealth {
  readonly state: 'ok' | 'down';
  readonly detail?: string;
  /** Events accepted by `append` and not yet committed. */
  readonly pendingEvents: number;
  /** Failed write attempts in a row (0 when ok). */
  readonly failedAttempts: number;
}

export interface PostgresRetrySettings {
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
}

/**
 * The writer's failures in a row: what `health()` reports, how long to wait before the next attempt (doubling from
 * retryInitialMs up to retryMaxMs), and the log lines — an error when writes start failing, a warning per retry,
 * and one info line when they resume.
 */
export class PostgresWriterHealth {
  private failures = 0;
  private lastError = '';
  private downSinceMs = 0;

  constructor(
    private readonly where: string,
    private readonly settings: PostgresRetrySettings,
    private readonly logger: Logger,
  ) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  /** The last failure, as one line. */
  get reason(): string {
    return this.lastError;
  }

  report(pendingEvents: number): PostgresStoreHealth {
    if (this.failures === 0) return { state: 'ok', pendingEvents, failedAttempts: 0 };
    const detail = `cannot write to ${this.where}: ${this.lastError}; retrying (attempt ${this.failures}), ${pendingEvents} events waiting`;
    return { state: 'down', detail, pendingEvents, failedAttempts: this.failures };
  }

  /** Record a failed attempt; answers how long to wait before the next one. */
  failed(error: unknown, pendingEvents: number): number {
    this.failures++;
    this.lastError = describePostgresError(error);
    const delayMs = Math.min(this.settings.retryMaxMs, this.settings.retryInitialMs * 2 ** Math.min(this.failures - 1, 30));
    const fields = { where: this.where, err: this.lastError, attempt: this.failures, retryInMs: delayMs, pendingEvents };
    if (this.failures === 1) {
      this.downSinceMs = performance.now();
      this.logger.error(fields, 'event store: write failed; buffering and retrying');
    } else {
      this.logger.warn(fields, 'event store: write failed again; still retrying');
    }
    return delayMs;
  }

  recovered(pendingEvents: number): void {
    if (this.failures === 0) return;
    const downMs = Math.round(performance.now() - this.downSinceMs);
    this.logger.info({ where: this.where, attempts: this.failures, downMs, pendingEvents }, 'event store: writes resumed');
    this.failures = 0;
    this.lastError = '';
  }
}
