import { z } from 'zod';
import type { BarSubscription } from '../../bus/index.js';
import type { Strategy, StrategyDefinition } from '../Strategy.js';

const schema = z.object({}).strict();

export type ExternalSignalsParams = z.output<typeof schema>;

/** Subscribes to nothing and never signals: its signals arrive from outside, under its strategy id. */
class ExternalSignalsStrategy implements Strategy {
  readonly subscriptions: readonly BarSubscription[] = [];

  onBar(): void {
    // no market data is routed here
  }
}

/**
 * A book for signals made elsewhere (AmiBroker files, webhooks): registering one under the id those signals
 * name (their `strategy_name`) lets the signal intake accept them while it is active, and refuse them while
 * it is deactivated. Its instruments are the ones it is meant to trade.
 */
export const externalSignals: StrategyDefinition<ExternalSignalsParams> = {
  name: 'external',
  description: 'signals from outside (AmiBroker files, webhooks) booked under this strategy id; receives no market data',
  params: schema,
  create: () => new ExternalSignalsStrategy(),
};
