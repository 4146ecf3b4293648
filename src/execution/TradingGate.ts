import { sideSign, toUnits } from '../core/index.js';
import type { EventPayloads, Instrument, Order, OrderChanges } from '../core/index.js';

/** A change of the risk engine's trading state, as TradingStateChanged carries it. */
export type TradingStateChange = EventPayloads['TradingStateChanged'];
export type TradingState = TradingStateChange['to'];

/**
 * The last check before the broker port, for every order of every kind (entries, slices, bracket children,
 * basket legs and unwinds): HALTED lets nothing through; REDUCING only an order that shrinks the account's
 * position in the instrument (opposite side, no larger than the position). The position is what this
 * engine's own fills add up to. Cancels always pass; a replace may not raise a quantity unless ACTIVE.
 */
export class TradingGate {
  private current: TradingState = 'ACTIVE';
  private by = 'startup';
  private reason = 'initial state';

  get state(): TradingState {
    return this.current;
  }

  set(state: TradingState, by: string, reason: string): void {
    this.current = state;
    this.by = by;
    this.reason = reason;
  }

  /** Why `order` may not reach the broker now (undefined: it may). `netFilled` is the signed position it would act on. */
  refusal(order: Order, netFilled: number, instrument: Instrument): string | undefined {
    if (this.current === 'ACTIVE') return undefined;
    if (this.current === 'HALTED') return `trading is HALTED (set by ${this.by}: ${this.reason}): no order reaches the broker`;
    const precision = instrument.quantityPrecision;
    const positionUnits = toUnits(netFilled, precision);
    const orderUnits = sideSign(order.side) * (toUnits(order.quantity, precision) - toUnits(order.filledQuantity, precision));
    const reduces = positionUnits !== 0 && Math.sign(orderUnits) === -Math.sign(positionUnits) && Math.abs(orderUnits) <= Math.abs(positionUnits);
    if (reduces) return undefined;
    return `trading is REDUCING (set by ${this.by}: ${this.reason}): ${order.side} ${order.quantity} does not reduce the position of ${netFilled}`;
  }

  /** Why a replace may not be sent now: outside ACTIVE a quantity may only go down. */
  replaceRefusal(order: Order, changes: OrderChanges): string | undefined {
    if (this.current === 'ACTIVE' || changes.quantity === undefined || changes.quantity <= order.quantity) return undefined;
    return `trading is ${this.current} (set by ${this.by}: ${this.reason}): a replace may not raise the quantity`;
  }
}
