import { roundToTick } from '../../../core/index.js';
import type { Instrument, OrderSide } from '../../../core/index.js';

/**
 * Price after slippage: buys pay price × (1 + bps/10,000) rounded UP to the tick, sells receive
 * price × (1 − bps/10,000) rounded DOWN. Only market executions (market orders, triggered stops) slip;
 * limit executions fill at the computed price, never worse than the limit.
 */
export function slippedPrice(price: number, side: OrderSide, slippageBps: number, instrument: Instrument): number {
  if (slippageBps === 0) return price;
  const buy = side === 'BUY';
  const raw = (price * (buy ? 10_000 + slippageBps : 10_000 - slippageBps)) / 10_000;
  return roundToTick(raw, instrument.tickSize, instrument.pricePrecision, buy ? 'up' : 'down');
}
