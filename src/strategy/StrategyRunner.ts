import { ENDPOINTS, TOPICS, type MessageBus, type Unsubscribe } from '../bus/index.js';
import {
  FortressError,
  ValidationError,
  createEventFactory,
  type Bar,
  type Clock,
  type EventFactory,
  type IdSource,
  type Logger,
  type Signal,
  type Tick,
} from '../core/index.js';
import { checkSignalRequest } from './checkSignalRequest.js';
import type { SignalRequest, Strategy } from './Strategy.js';
import { StrategyRoutes } from './StrategyRoutes.js';
import { StrategySlot, type SignalSink } from './StrategySlot.js';

export interface StrategyRunnerOptions {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly logger: Logger;
  readonly accountId: string;
  /** The exchange an instrument trades on; with it, strategies pause while that exchange's session is CLOSED. */
  readonly exchangeOf?: (instrumentId: string) => string | undefined;
}

const SOURCE = 'strategy';

/**
 * Runs strategies: routes each bar to the strategies subscribed to its (instrument, timeframe) with two Map
 * lookups and no allocation, turns their signal requests into `SignalGenerated` events, and isolates a
 * strategy that throws (ErrorRaised naming it, then it is deactivated; the others go on).
 */
export class StrategyRunner implements SignalSink {
  private readonly bus: MessageBus;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly logger: Logger;
  private readonly accountId: string;
  private readonly events: EventFactory;
  private readonly slots = new Map<string, StrategySlot>();
  private readonly routes = new StrategyRoutes();
  private unsubscribes: Unsubscribe[] = [];
  private readonly closedExchanges = new Set<string>();
  private readonly exchangeOf: ((instrumentId: string) => string | undefined) | undefined;

  constructor(options: StrategyRunnerOptions) {
    this.bus = options.bus;
    this.clock = options.clock;
    this.ids = options.ids;
    this.accountId = options.accountId;
    this.logger = options.logger.child({ component: 'StrategyRunner', accountId: options.accountId });
    this.events = createEventFactory(SOURCE, options.clock, options.ids);
    this.exchangeOf = options.exchangeOf;
  }

  /** Add a strategy and ask the data engine for the bars it subscribes to. */
  add(strategyId: string, strategy: Strategy): void {
    if (strategyId === '') throw new ValidationError('strategyId must not be empty');
    if (this.slots.has(strategyId)) throw new ValidationError(`strategy id "${strategyId}" is already running`, { strategyId });
    const slot = new StrategySlot(strategyId, strategy, this);
    this.slots.set(strategyId, slot);
    try {
      for (const subscription of this.routes.add(slot)) this.bus.send(ENDPOINTS.dataSubscribeBars, subscription);
    } catch (error) {
      this.remove(strategyId);
      throw error;
    }
    this.logger.info({ strategyId, subscriptions: strategy.subscriptions }, 'strategy added');
  }

  /** Stop delivering to a strategy and forget it; false when the id is unknown. */
  remove(strategyId: string): boolean {
    const slot = this.slots.get(strategyId);
    if (slot === undefined) return false;
    slot.active = false;
    this.slots.delete(strategyId);
    this.routes.remove(slot);
    this.logger.info({ strategyId }, 'strategy removed');
    return true;
  }

  /**
   * Swap in a new instance of a running strategy (new parameters). It keeps the id, the active flag and its
   * place in dispatch order, but starts from scratch: indicators warm up again on the bars that follow.
   */
  replace(strategyId: string, strategy: Strategy): void {
    const old = this.slots.get(strategyId);
    if (old === undefined) throw new ValidationError(`unknown strategy id "${strategyId}"`, { strategyId });
    const slot = new StrategySlot(strategyId, strategy, this);
    slot.active = old.active;
    old.active = false;
    this.slots.set(strategyId, slot);
    for (const subscription of this.routes.replace(old, slot)) this.bus.send(ENDPOINTS.dataSubscribeBars, subscription);
    this.logger.info({ strategyId, subscriptions: strategy.subscriptions }, 'strategy replaced by a new instance');
  }

  /** Pause (false) or resume (true) delivery to a strategy, including one deactivated after an error. */
  setActive(strategyId: string, active: boolean): void {
    const slot = this.slots.get(strategyId);
    if (slot === undefined) throw new ValidationError(`unknown strategy id "${strategyId}"`, { strategyId });
    slot.active = active;
    this.logger.info({ strategyId, active }, active ? 'strategy resumed' : 'strategy paused');
  }

  isActive(strategyId: string): boolean {
    return this.slots.get(strategyId)?.active ?? false;
  }

  strategyIds(): string[] {
    return [...this.slots.keys()];
  }

  /** Subscribe to bars and ticks; calling it twice changes nothing. */
  start(): void {
    if (this.unsubscribes.length > 0) return;
    this.unsubscribes = [
      this.bus.subscribe(TOPICS.bar, this.handleBar),
      this.bus.subscribe(TOPICS.tick, this.handleTick),
      this.bus.subscribe('SessionRegimeChanged', (event) => {
        if (event.payload.to === 'CLOSED') this.closedExchanges.add(event.payload.exchange);
        else this.closedExchanges.delete(event.payload.exchange);
      }),
    ];
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
  }

  /** Called through a strategy's context: validate, stamp and emit a SignalGenerated event (rare path). */
  emitSignal(slot: StrategySlot, request: SignalRequest): void {
    checkSignalRequest(slot.strategyId, slot.instrumentIds, request);
    const signal: { -readonly [K in keyof Signal]: Signal[K] } = {
      signalId: this.ids.next(),
      strategyId: slot.strategyId,
      instrumentId: request.instrumentId,
      action: request.action,
      confidence: request.confidence,
      reason: request.reason,
      timeframe: request.timeframe,
      ts: this.clock.nowMs(),
      origin: 'strategy',
    };
    if (request.strength !== undefined) signal.strength = request.strength; // last, as a spread would put it (no spread: one shape)
    const signalId = signal.signalId;
    this.bus.emit(this.events.createWith('SignalGenerated', { signal }, signal.instrumentId, signalId, undefined, `signal:${signalId}`));
  }

  /** The hot path: two Map lookups, then each subscribed, active strategy in the order it was added. */
  private readonly handleBar = (bar: Bar): void => {
    const routed = this.routes.barSlots(bar.instrumentId, bar.timeframe);
    if (routed === undefined || this.isPaused(bar.instrumentId)) return;
    for (let i = 0; i < routed.length; i++) {
      const slot = routed[i]!;
      if (!slot.active) continue;
      try {
        slot.strategy.onBar(bar, slot);
      } catch (error) {
        this.isolate(slot, error, bar.instrumentId, `onBar(${bar.timeframe})`);
      }
    }
  };

  private readonly handleTick = (tick: Tick): void => {
    const routed = this.routes.tickSlots(tick.instrumentId);
    if (routed === undefined || this.isPaused(tick.instrumentId)) return;
    for (let i = 0; i < routed.length; i++) {
      const slot = routed[i]!;
      if (!slot.active) continue;
      try {
        slot.strategy.onTick?.(tick, slot);
      } catch (error) {
        this.isolate(slot, error, tick.instrumentId, 'onTick');
      }
    }
  };

  /** Outside its exchange's session a strategy sees no market data (cheap: empty set in backtests). */
  private isPaused(instrumentId: string): boolean {
    if (this.closedExchanges.size === 0 || this.exchangeOf === undefined) return false;
    const exchange = this.exchangeOf(instrumentId);
    return exchange !== undefined && this.closedExchanges.has(exchange);
  }

  private isolate(slot: StrategySlot, error: unknown, instrumentId: string, where: string): void {
    slot.active = false;
    const message = error instanceof Error ? error.message : String(error);
    const errorCode = error instanceof FortressError ? error.code : 'UNEXPECTED';
    this.logger.error({ strategyId: slot.strategyId, instrumentId, where, errorCode, error: message }, 'strategy threw; deactivated');
    this.bus.emit(
      this.events.create(
        'ErrorRaised',
        {
          component: `${SOURCE}:${slot.strategyId}`,
          code: 'STRATEGY_FAILED',
          message: `strategy "${slot.strategyId}" threw in ${where} on ${instrumentId} and was deactivated: ${message}`,
          details: { strategyId: slot.strategyId, accountId: this.accountId, instrumentId, where, errorCode },
        },
        { key: instrumentId },
      ),
    );
  }
}
