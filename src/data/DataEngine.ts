import { isTimeframe, timeframeMs } from '../core/index.js';
import type { Bar, Logger, Tick } from '../core/index.js';
import { ENDPOINTS, TOPICS } from '../bus/index.js';
import type { BarSubscription, MessageBus, Unsubscribe } from '../bus/index.js';
import { BarAggregator } from './BarAggregator.js';
import type { SessionOffset } from './BarAggregator.js';

export interface DataEngineOptions {
  readonly bus: MessageBus;
  readonly logger: Logger;
  /** Where daily bars of an instrument break (its exchange's midnight); UTC midnight when absent. */
  readonly sessionOffsetFor?: (instrumentId: string) => SessionOffset | undefined;
}

const UNKNOWN = -1;
const TICKS = 0;

/** Everything the engine aggregates for one instrument. */
interface Route {
  readonly instrumentId: string;
  aggregators: BarAggregator[];
  /**
   * Timeframe (ms) of the inputs this instrument is aggregated from, fixed by its first input (TICKS for
   * ticks). Bars of any other timeframe, including the ones this engine publishes, are not re-aggregated.
   */
  sourceMs: number;
}

/**
 * Fans market data out: answers `DataEngine.subscribeBars` by building larger bars from the bars or ticks
 * on the bus and publishing each completed one on `data.bar`. A subscription equal to the incoming
 * timeframe needs nothing (those bars are already on the topic).
 */
export class DataEngine {
  private readonly bus: MessageBus;
  private readonly logger: Logger;
  private readonly routes = new Map<string, Route>();
  private readonly unsubscribes: Unsubscribe[] = [];
  private registered = false;
  /** One function for every aggregator: no closure per message. */
  private readonly publishBar = (bar: Bar): void => this.bus.publish(TOPICS.bar, bar);

  constructor(private readonly options: DataEngineOptions) {
    this.bus = options.bus;
    this.logger = options.logger.child({ component: 'DataEngine' });
  }

  start(): void {
    if (this.unsubscribes.length > 0) return;
    if (!this.registered) {
      this.bus.register(ENDPOINTS.dataSubscribeBars, (subscription) => this.subscribeBars(subscription));
      this.registered = true;
    }
    this.unsubscribes.push(
      this.bus.subscribe(TOPICS.bar, (bar) => this.onBar(bar)),
      this.bus.subscribe(TOPICS.tick, (tick) => this.onTick(tick)),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  subscribeBars(subscription: BarSubscription): void {
    const { instrumentId, timeframe } = subscription;
    if (!isTimeframe(timeframe)) {
      this.logger.warn({ instrumentId, timeframe }, 'bar subscription ignored: unknown timeframe');
      return;
    }
    const route = this.routeFor(instrumentId);
    if (route.aggregators.some((a) => a.timeframe === timeframe)) return;
    if (route.sourceMs !== UNKNOWN && timeframeMs(timeframe) <= route.sourceMs) {
      this.explainUnneeded(instrumentId, timeframeMs(timeframe), route.sourceMs);
      return;
    }
    const sessionOffsetMs = this.options.sessionOffsetFor?.(instrumentId);
    route.aggregators.push(
      new BarAggregator({ instrumentId, timeframe, onBar: this.publishBar, ...(sessionOffsetMs !== undefined ? { sessionOffsetMs } : {}) }),
    );
    this.logger.debug({ instrumentId, timeframe }, 'bar subscription added');
  }

  /** Publish every bucket in progress, complete or not (end of a backtest). */
  flush(): void {
    for (const route of this.routes.values()) {
      for (const aggregator of route.aggregators) aggregator.flush();
    }
  }

  private onBar(bar: Bar): void {
    const route = this.routes.get(bar.instrumentId);
    if (route === undefined) return;
    const barMs = timeframeMs(bar.timeframe);
    if (barMs !== route.sourceMs) {
      if (route.sourceMs !== UNKNOWN) return;
      this.lockSource(route, barMs);
    }
    const aggregators = route.aggregators;
    for (let i = 0; i < aggregators.length; i++) {
      const aggregator = aggregators[i]!;
      const late = aggregator.lateCount;
      aggregator.addBar(bar);
      if (aggregator.lateCount !== late) this.reportLate(aggregator, bar.ts);
    }
  }

  private onTick(tick: Tick): void {
    const route = this.routes.get(tick.instrumentId);
    if (route === undefined) return;
    if (route.sourceMs !== TICKS) {
      if (route.sourceMs !== UNKNOWN) return;
      this.lockSource(route, TICKS);
    }
    const aggregators = route.aggregators;
    for (let i = 0; i < aggregators.length; i++) {
      const aggregator = aggregators[i]!;
      const late = aggregator.lateCount;
      aggregator.addTick(tick);
      if (aggregator.lateCount !== late) this.reportLate(aggregator, tick.ts);
    }
  }

  private lockSource(route: Route, sourceMs: number): void {
    route.sourceMs = sourceMs;
    const kept = route.aggregators.filter((a) => a.timeframeMs > sourceMs);
    for (const dropped of route.aggregators.filter((a) => a.timeframeMs <= sourceMs)) {
      this.explainUnneeded(route.instrumentId, dropped.timeframeMs, sourceMs);
    }
    route.aggregators = kept;
  }

  private explainUnneeded(instrumentId: string, wantedMs: number, sourceMs: number): void {
    if (wantedMs === sourceMs) {
      this.logger.debug({ instrumentId, wantedMs }, 'subscription matches the incoming bars; nothing to aggregate');
    } else {
      this.logger.warn({ instrumentId, wantedMs, sourceMs }, 'cannot build bars smaller than the incoming ones; subscription ignored');
    }
  }

  private reportLate(aggregator: BarAggregator, tsMs: number): void {
    if (aggregator.lateCount === 1 || aggregator.lateCount % 1000 === 0) {
      this.logger.warn(
        { instrumentId: aggregator.instrumentId, timeframe: aggregator.timeframe, tsMs, lateCount: aggregator.lateCount },
        'input arrived for a bar already published; ignored',
      );
    }
  }

  private routeFor(instrumentId: string): Route {
    let route = this.routes.get(instrumentId);
    if (route === undefined) {
      route = { instrumentId, aggregators: [], sourceMs: UNKNOWN };
      this.routes.set(instrumentId, route);
    }
    return route;
  }
}
