import { TOPICS, type MessageBus } from '../../bus/index.js';
import { timeframeMs, type MarketDataSink, type SimulatedClock } from '../../core/index.js';
import { lockstepPhaseOf, type LockstepPhase } from './lockstepPhase.js';
import type { MarketMessage } from './transportPorts.js';

export interface MarketIntakeOptions {
  readonly bus: MessageBus;
  /** Replays: the service's clock, moved as the single process's replay feed moves it. */
  readonly clock?: SimulatedClock;
  /** The execution service's paper broker: it sees each bar or tick before the bus does (TradingNode.onBar). */
  readonly simulatedMarket?: MarketDataSink;
  /** The lockstep phase in which this service puts a bar on its bus. */
  readonly publishOn: LockstepPhase;
}

/**
 * How a service takes market data from the transport. A live bar or tick: the simulated market first (when
 * this service has one), then the local bus. A lockstep bar: the simulated market in the `fill` phase, the
 * bus in this service's own phase; every phase moves the clock to the bar's last millisecond first.
 */
export class MarketIntake {
  constructor(private readonly options: MarketIntakeOptions) {}

  apply(message: MarketMessage): void {
    const { bus, clock, simulatedMarket } = this.options;
    if (message.kind === 'tick') {
      if (clock !== undefined && message.tick.ts > clock.nowMs()) clock.advanceTo(message.tick.ts);
      simulatedMarket?.onTick(message.tick);
      bus.publish(TOPICS.tick, message.tick);
      return;
    }
    const bar = message.bar;
    if (clock !== undefined) {
      const lastMs = bar.ts + timeframeMs(bar.timeframe) - 1;
      if (lastMs > clock.nowMs()) clock.advanceTo(lastMs);
    }
    const phase = lockstepPhaseOf(message);
    if (phase === undefined || phase === 'fill') simulatedMarket?.onBar(bar);
    if (phase === undefined || phase === this.options.publishOn) bus.publish(TOPICS.bar, bar);
  }
}
