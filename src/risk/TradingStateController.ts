import { ENDPOINTS, type MessageBus } from '../bus/index.js';
import type { Clock, EventContext, EventEnvelope, EventFactory, Logger } from '../core/index.js';
import type { TradingState, TradingStateSource, TradingStatus } from './tradingState.js';

export interface StateChange {
  readonly by: string;
  readonly reason: string;
  /** Ask execution to cancel open orders with it (the kill switch; a trip to HALTED). */
  readonly cancelOpenOrders?: boolean;
  /** The account whose limit caused it, and whose orders to cancel (all accounts when absent). */
  readonly accountId?: string;
  /** The event that led to it (a fill's AccountUpdated): the change joins that event's chain. */
  readonly cause?: EventEnvelope;
}

/**
 * Holds the engine's trading state; every change is a TradingStateChanged naming who and why. Canceling open
 * orders goes to ExecutionEngine.cancelAll — the state is set first, so even if that send fails nothing new passes.
 */
export class TradingStateController implements TradingStateSource {
  status: TradingStatus;

  constructor(
    private readonly bus: MessageBus,
    private readonly events: EventFactory,
    private readonly clock: Clock,
    private readonly log: Logger,
    initial: TradingStatus,
  ) {
    this.status = initial;
  }

  /** Move to `to`; returns false (and emits nothing) when already there, unless open orders are to be canceled. */
  set(to: TradingState, change: StateChange): boolean {
    const from = this.status.state;
    const cancel = change.cancelOpenOrders === true;
    if (from === to && !cancel) return false;
    this.status = { state: to, by: change.by, reason: change.reason, sinceMs: this.clock.nowMs() };
    this.log.warn({ from, to, by: change.by, reason: change.reason, cancelOpenOrders: cancel }, 'trading state changed');
    const payload = {
      from, to, by: change.by, reason: change.reason, cancelOpenOrders: cancel,
      ...(change.accountId !== undefined ? { accountId: change.accountId } : {}),
    };
    this.bus.emit(this.events.create('TradingStateChanged', payload, contextOf(change)));
    if (cancel) this.cancelAll(change);
    return true;
  }

  private cancelAll(change: StateChange): void {
    const request = { reason: change.reason, by: change.by, ...(change.accountId !== undefined ? { accountId: change.accountId } : {}) };
    try {
      this.bus.send(ENDPOINTS.executionCancelAll, request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error({ err: message, by: change.by }, 'cancel-all could not be sent; trading stays HALTED');
      const details = { by: change.by, ...(change.accountId !== undefined ? { accountId: change.accountId } : {}) };
      this.bus.emit(this.events.create('ErrorRaised', { component: 'risk', code: 'CANCEL_ALL_FAILED', message: `cancel-all failed: ${message}`, details }, contextOf(change)));
    }
  }
}

function contextOf(change: StateChange): EventContext {
  const cause = change.cause;
  return cause === undefined ? { key: change.accountId ?? 'risk' } : { key: change.accountId ?? 'risk', correlationId: cause.correlationId, causationId: cause.id };
}
