import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, Logger } from '../../core/index.js';
import type { TransportMessage } from './transportPorts.js';
import type { MessagePublisher } from './transportPorts.js';

export interface DurableOutboxOptions {
  readonly store: EventStore;
  readonly publisher: MessagePublisher;
  readonly logger: Logger;
  /** First wait after a failed flush, doubling up to `retryMaxMs` (defaults 50 ms and 2 s). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export interface OutboxHealth {
  readonly healthy: boolean;
  /** Messages emitted and not yet acknowledged by the transport. */
  readonly waiting: number;
  readonly lastError?: string;
}

/**
 * What a service emitted, on its way out: the events are journaled as they are emitted (the store buffers them),
 * and `settle()` first makes the store durable, then hands the messages to the transport and waits for its
 * acknowledgement. So nothing reaches another service before it is in the log, and a consumed batch is
 * acknowledged only after everything it caused is both logged and published. Failures (PostgreSQL or Redis
 * away) are retried with backoff for as long as it takes; `settle` never rejects, and health says why it waits.
 */
export class DurableOutbox {
  private queue: TransportMessage[] = [];
  private chain: Promise<void> = Promise.resolve();
  private lastError: string | undefined;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private closed = false;

  constructor(private readonly options: DurableOutboxOptions) {
    this.retryMinMs = options.retryMinMs ?? 50;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
  }

  /** Queue a message; its event is already appended to the store by the caller. */
  push(message: TransportMessage): void {
    this.queue.push(message);
  }

  /** Resolves once everything pushed before the call is in the store and acknowledged by the transport. */
  settle(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.chain = this.chain.then(() => this.settleBatch(batch));
    return this.chain;
  }

  health(): OutboxHealth {
    return { healthy: this.lastError === undefined, waiting: this.queue.length, ...(this.lastError === undefined ? {} : { lastError: this.lastError }) };
  }

  /** Stop retrying (shutdown): a settle in progress resolves at its next attempt. */
  close(): void {
    this.closed = true;
  }

  private async settleBatch(batch: readonly TransportMessage[]): Promise<void> {
    await this.retry('event store flush', () => this.options.store.flush());
    const { publisher } = this.options;
    for (let i = 0; i < batch.length; ) {
      try {
        publisher.publish(batch[i]!);
        i++;
      } catch (error) {
        this.failed('publish', error, 1);
        await this.retry('transport flush', () => publisher.flush());
      }
    }
    await this.retry('transport flush', () => publisher.flush());
  }

  private async retry(what: string, attempt: () => Promise<void>): Promise<void> {
    for (let failures = 0; ; ) {
      try {
        await attempt();
        if (failures > 0) this.options.logger.info({ component: 'outbox', what, failures }, `${what} succeeded again; resuming`);
        this.lastError = undefined;
        return;
      } catch (error) {
        failures++;
        this.failed(what, error, failures);
        if (this.closed) return;
        await sleep(Math.min(this.retryMinMs * 2 ** Math.min(failures - 1, 20), this.retryMaxMs));
      }
    }
  }

  private failed(what: string, error: unknown, failures: number): void {
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = `${what}: ${message}`;
    if (failures === 1 || failures % 20 === 0) this.options.logger.warn({ component: 'outbox', what, failures, err: message }, `${what} failed; retrying (nothing is acknowledged meanwhile)`);
  }
}
