import { fromUnits, sideSign, toUnits, type TradeIntent } from '../core/index.js';
import type { RuleContext } from './RiskRule.js';

/**
 * Why `intent` would not only shrink its strategy's book (undefined when it does): it must trade against
 * the book's sign, and its quantity must fit in what the book holds minus the open orders (and earlier
 * basket legs) already closing it — so even if everything fills, the book never flips or grows.
 */
export function whyNotReducing(intent: TradeIntent, ctx: RuleContext): string | undefined {
  const instrument = ctx.instruments.get(intent.instrumentId);
  if (instrument === undefined) return `unknown instrument ${intent.instrumentId}`;
  const qp = instrument.quantityPrecision;
  const held = toUnits(ctx.portfolio.position(ctx.accountId, intent.instrumentId, intent.strategyId)?.quantity ?? 0, qp);
  const book = `book ${intent.strategyId} in ${intent.instrumentId}`;
  if (held === 0) return `${book} is flat: a ${intent.side} would open a position`;
  const sign = sideSign(intent.side);
  if (Math.sign(held) === sign) return `${book} is ${held > 0 ? 'long' : 'short'}: a ${intent.side} would add to it`;
  let closing = 0;
  const orders = ctx.orders.openOrders({ accountId: ctx.accountId, strategyId: intent.strategyId, instrumentId: intent.instrumentId });
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i]!;
    if (order.side === intent.side) closing += toUnits(order.quantity, qp) - toUnits(order.filledQuantity, qp);
  }
  for (let i = 0; i < ctx.pending.length; i++) {
    const leg = ctx.pending[i]!;
    if (leg.strategyId === intent.strategyId && leg.instrumentId === intent.instrumentId && leg.side === intent.side) closing += toUnits(leg.quantity, qp);
  }
  const available = Math.abs(held) - closing;
  const wanted = toUnits(intent.quantity, qp);
  if (wanted <= available) return undefined;
  return `${book} has ${fromUnits(Math.max(0, available), qp)} left to close (open orders included); ${intent.quantity} would flip it`;
}
