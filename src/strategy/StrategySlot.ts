import type { Strategy, StrategyContext, SignalRequest } from './Strategy.js';

/** How a slot hands a signal request back to its runner (the runner validates, stamps and emits it). */
export interface SignalSink {
  emitSignal(slot: StrategySlot, request: SignalRequest): void;
}

/**
 * One running strategy: its id, instance, active flag, and the context it is given. Created once per `add`,
 * so dispatch allocates nothing; the context exposes only `strategyId` and `signal`.
 */
export class StrategySlot implements StrategyContext {
  active = true;
  readonly instrumentIds: ReadonlySet<string>;

  constructor(
    readonly strategyId: string,
    readonly strategy: Strategy,
    private readonly sink: SignalSink,
  ) {
    this.instrumentIds = new Set(strategy.subscriptions.map((s) => s.instrumentId));
  }

  signal(request: SignalRequest): void {
    this.sink.emitSignal(this, request);
  }
}
