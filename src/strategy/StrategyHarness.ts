import { ENDPOINTS, InProcessMessageBus, TOPICS, type BarSubscription } from '../bus/index.js';
import {
  SimulatedClock,
  createIdSource,
  silentLogger,
  timeframeMs,
  type Bar,
  type EventEnvelope,
  type Signal,
  type Timeframe,
} from '../core/index.js';
import { StrategyRunner } from './StrategyRunner.js';
import type { Strategy } from './Strategy.js';

/** A signal as the harness saw it, with the index of the bar that produced it. */
export interface ObservedSignal {
  readonly barIndex: number;
  readonly signal: Signal;
  readonly event: EventEnvelope<'SignalGenerated'>;
}

/**
 * Real parts wired the way a node wires them, for specs and the benchmark: an InProcessMessageBus, a
 * SimulatedClock, a seeded id source, a StrategyRunner, a data endpoint that records bar subscriptions, and
 * the bus as the spy on SignalGenerated and ErrorRaised events.
 */
export class StrategyHarness {
  readonly clock = new SimulatedClock(Date.UTC(2024, 0, 2, 14, 30));
  readonly bus = new InProcessMessageBus();
  readonly ids = createIdSource(this.clock, 42);
  readonly runner: StrategyRunner;
  readonly barSubscriptions: BarSubscription[] = [];
  readonly signals: ObservedSignal[] = [];
  readonly errors: EventEnvelope<'ErrorRaised'>[] = [];
  private barIndex = -1;

  constructor() {
    this.bus.register(ENDPOINTS.dataSubscribeBars, (subscription) => this.barSubscriptions.push(subscription));
    this.bus.subscribe('SignalGenerated', (event) => this.signals.push({ barIndex: this.barIndex, signal: event.payload.signal, event }));
    this.bus.subscribe('ErrorRaised', (event) => this.errors.push(event));
    this.runner = new StrategyRunner({ bus: this.bus, clock: this.clock, ids: this.ids, logger: silentLogger, accountId: 'test-account' });
    this.runner.start();
  }

  add(strategyId: string, strategy: Strategy): this {
    this.runner.add(strategyId, strategy);
    return this;
  }

  /** Publish one bar at its close time (the clock moves there first), as the data engine would. */
  publishBar(bar: Bar): void {
    this.clock.advanceTo(Math.max(this.clock.nowMs(), bar.ts + timeframeMs(bar.timeframe)));
    this.bus.publish(TOPICS.bar, bar);
  }

  /** Publish consecutive bars with these closes (open = high = low = close); returns the signals they caused. */
  feedCloses(instrumentId: string, timeframe: Timeframe, closes: readonly number[], startMs = this.clock.nowMs()): ObservedSignal[] {
    const before = this.signals.length;
    const stepMs = timeframeMs(timeframe);
    closes.forEach((close, i) => {
      this.barIndex = i;
      this.publishBar({ instrumentId, timeframe, ts: startMs + i * stepMs, open: close, high: close, low: close, close, volume: 100 });
    });
    this.barIndex = -1;
    return this.signals.slice(before);
  }
}
