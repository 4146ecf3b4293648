import { barCloseMs, type Bar, type Clock, type MarketDataSink, type Tick } from '../../core/index.js';
import type { LagGauge } from './LagGauge.js';
import type { TickToOrderLatency } from './TickToOrderLatency.js';

/**
 * Sits between the feed and the node: notes when each bar or tick arrives (the start of tick-to-order) and
 * how late it is against its own time, then hands it on. One object for the node's life: no closure or
 * allocation per message.
 */
export class MarketDataTap implements MarketDataSink {
  constructor(
    private readonly sink: MarketDataSink,
    private readonly latency: TickToOrderLatency,
    private readonly lag: LagGauge,
    private readonly clock: Clock,
    private readonly nowMs: () => number,
  ) {}

  onBar(bar: Bar): void {
    this.latency.arrived(bar.instrumentId, this.nowMs());
    this.lag.observe(Math.max(0, this.clock.nowMs() - barCloseMs(bar)));
    this.sink.onBar(bar);
  }

  onTick(tick: Tick): void {
    this.latency.arrived(tick.instrumentId, this.nowMs());
    this.lag.observe(Math.max(0, this.clock.nowMs() - tick.ts));
    this.sink.onTick(tick);
  }
}
