import type { Logger, SimulatedClock } from '../../core/index.js';
import type { BridgedBus } from './BridgedBus.js';
import { compareConsumed } from './compareConsumed.js';
import type { DurableOutbox } from './DurableOutbox.js';
import type { MarketIntake } from './MarketIntake.js';
import { isMarketMessage, type ConsumedMessage, type TransportMessage } from './transportPorts.js';

export interface ServiceHostOptions {
  readonly bus: BridgedBus;
  readonly outbox: DurableOutbox;
  readonly intake: MarketIntake;
  /** Replays: moved to each consumed event's time (never back), so what a service emits is stamped as in one process. */
  readonly clock?: SimulatedClock;
  /** Apply each batch in stream-entry order (lockstep replays: the order a restart's catch-up re-runs). */
  readonly inEntryOrder: boolean;
  readonly logger: Logger;
}

/**
 * Where a service's consumed messages enter: each batch is applied to the local bus (handlers run synchronously
 * and may emit), then the outbox makes everything it caused durable in the store and acknowledged by the
 * transport; only then does the handler resolve and the consumer acknowledge the batch. It never rejects: a
 * rejection would make the consumer retry messages already applied.
 */
export class ServiceHost {
  handled = 0;

  constructor(private readonly options: ServiceHostOptions) {}

  /** One message, synchronously (also the restart catch-up's path, in shadow mode). */
  apply(message: TransportMessage): void {
    const { bus, clock, intake } = this.options;
    if (isMarketMessage(message)) {
      if (bus.firstSight(message.idempotencyKey)) intake.apply(message);
      return;
    }
    if (clock !== undefined && message.ts > clock.nowMs()) clock.advanceTo(message.ts);
    bus.deliverRemote(message);
  }

  readonly handleBatch = async (batch: readonly ConsumedMessage[]): Promise<void> => {
    const ordered = this.options.inEntryOrder && batch.length > 1 ? [...batch].sort(compareConsumed) : batch;
    for (const consumed of ordered) {
      try {
        this.apply(consumed.message);
      } catch (error) {
        // The bus's handler policy logs handler errors; what reaches here is a broken invariant of the intake itself.
        this.options.logger.error({ component: 'service', stream: consumed.stream, id: consumed.id, err: error }, 'message could not be applied; skipped');
      }
      this.handled++;
    }
    await this.options.outbox.settle();
  };
}
