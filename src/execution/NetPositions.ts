import { addFixed, decimalsOf, sideSign } from '../core/index.js';
import type { Order } from '../core/index.js';
import type { QuantityPrecisionOf } from './evolveOrder.js';

/** accountId → instrumentId → signed filled quantity: the position the registry's fills add up to. */
export class NetPositions {
  private readonly net = new Map<string, Map<string, number>>();

  constructor(private readonly precisionOf: QuantityPrecisionOf | undefined) {}

  get(accountId: string, instrumentId: string): number {
    return this.net.get(accountId)?.get(instrumentId) ?? 0;
  }

  /** `quantity` more of `order` filled. */
  add(order: Order, quantity: number): void {
    let byInstrument = this.net.get(order.accountId);
    if (byInstrument === undefined) this.net.set(order.accountId, (byInstrument = new Map()));
    const current = byInstrument.get(order.instrumentId) ?? 0;
    const precision = this.precisionOf?.(order.instrumentId) ?? Math.max(decimalsOf(current), decimalsOf(quantity));
    byInstrument.set(order.instrumentId, addFixed(current, sideSign(order.side) * quantity, precision));
  }

  clear(): void {
    this.net.clear();
  }
}
